/**
 * ISO 20022 CAMT.053 (bank-to-customer statement) → the credit lines we turn into payments.
 * Pure: XML text in, plain data or a domain error out. Accepts versions .001.02 to .001.13
 * (party names under `Dbtr/Nm` or `Dbtr/Pty/Nm`, status as text or `Sts/Cd`, amounts per
 * transaction under `Amt` or `AmtDtls/TxAmt/Amt`). Invariants: a line's amount is exact integer
 * minor units of the account currency; an entry in another currency, an unknown currency or a
 * malformed amount fails the whole file (nothing is posted from a file we cannot fully read);
 * debits and non-booked entries are skipped, with the reason. Each line has a reference unique
 * within its account (the bank's own reference where there is one), which makes re-import safe.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ErrorCode } from '../errors.ts';
import { parseMajorUnits } from '../money/money.ts';
import { isCurrency } from '../money/currency.ts';
import { fail, ok, type Result } from '../result.ts';

export interface Remittance {
  /** Structured references: referred document numbers and creditor references. */
  readonly structured: readonly string[];
  readonly unstructured: readonly string[];
}

export interface BankLine {
  /** Unique within the account: bank reference, entry reference, or a digest of the entry. */
  readonly ref: string;
  /** "entry 3 (NtryRef X)" — how messages name it. */
  readonly label: string;
  readonly bookingDate: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly debtorName: string | undefined;
  readonly debtorIban: string | undefined;
  readonly endToEndId: string | undefined;
  readonly remittance: Remittance;
}

export interface SkippedEntry {
  readonly label: string;
  readonly reason: string;
}

export interface BankStatement {
  readonly messageId: string;
  readonly statementId: string;
  readonly accountIban: string;
  readonly currency: string;
  readonly lines: readonly BankLine[];
  readonly skipped: readonly SkippedEntry[];
}

const arrays = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'RfrdDocInf', 'CdtrRefInf']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => arrays.has(name),
});

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const child = (node: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, key) => (isNode(at) ? at[key] : Array.isArray(at) && isNode(at[0]) ? at[0][key] : undefined), node);
const list = (value: unknown): Node[] => (Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []);
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim() || undefined;
  return undefined;
}
const texts = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(text).filter((t): t is string => t !== undefined);

/** FNV-1a, for a stable reference of entries that carry none. */
function digest(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function dateOf(node: unknown): string | undefined {
  const value = text(child(node, 'Dt')) ?? text(child(node, 'DtTm'))?.slice(0, 10);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

function amountOf(node: unknown): { text: string; currency: string } | undefined {
  const amount = isNode(node) ? node : undefined;
  const value = text(amount);
  const currency = amount ? text(amount['@Ccy']) : undefined;
  return value && currency ? { text: value, currency } : undefined;
}

function partyName(party: unknown): string | undefined {
  return text(child(party, 'Nm')) ?? text(child(party, 'Pty', 'Nm'));
}

function remittanceOf(tx: unknown): Remittance {
  const info = child(tx, 'RmtInf');
  const structured: string[] = [];
  for (const strd of list(child(info, 'Strd'))) {
    for (const doc of list(strd['RfrdDocInf'])) structured.push(...texts(doc['Nb']));
    for (const ref of list(strd['CdtrRefInf'])) structured.push(...texts(ref['Ref']));
  }
  return { structured, unstructured: texts(child(info, 'Ustrd')) };
}

type Failure = { ok: false; error: import('../result.ts').DomainError };
const bad = (message: string, field: string): Failure => fail(ErrorCode.validation, message, field);

/** Parses a CAMT.053 document. The error's `field` names the entry, e.g. `Stmt[1].Ntry[3]`. */
export function parseCamt053(xml: string): Result<BankStatement[]> {
  if (!xml.trimStart().startsWith('<')) return bad('The body is not XML.', 'body');
  if (/<!DOCTYPE/i.test(xml)) return bad('XML with a DOCTYPE is refused (entity expansion).', 'body');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return bad(`The body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`, 'body');
  const document = parser.parse(xml) as Node;
  const root = document['Document'];
  // removeNSPrefix drops xmlns attributes, so the ISO message type is read from the text.
  const namespace = [...xml.slice(0, 4096).matchAll(/xmlns(?::[\w.-]+)?\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!).find((ns) => /camt\.\d{3}/.test(ns));
  const statementRoot = child(root, 'BkToCstmrStmt');
  if (!isNode(root) || !statementRoot || (namespace !== undefined && !namespace.includes('camt.053'))) {
    return bad(`Not a CAMT.053 statement: expected Document/BkToCstmrStmt${namespace ? `, got namespace ${namespace}` : ''}.`, 'body');
  }
  const messageId = text(child(statementRoot, 'GrpHdr', 'MsgId'));
  if (!messageId) return bad('The statement has no GrpHdr/MsgId.', 'GrpHdr.MsgId');

  const statements: BankStatement[] = [];
  const stmts = list(child(statementRoot, 'Stmt'));
  if (stmts.length === 0) return bad('The file contains no Stmt.', 'Stmt');
  for (const [s, stmt] of stmts.entries()) {
    const at = `Stmt[${s + 1}]`;
    const statementId = text(stmt['Id']) ?? `${messageId}/${s + 1}`;
    const accountIban = text(child(stmt, 'Acct', 'Id', 'IBAN'))?.replaceAll(' ', '').toUpperCase() ?? text(child(stmt, 'Acct', 'Id', 'Othr', 'Id'));
    if (!accountIban) return bad(`${at} names no account (Acct/Id/IBAN).`, `${at}.Acct`);
    const entries = list(stmt['Ntry']);
    const currency = text(child(stmt, 'Acct', 'Ccy')) ?? amountOf(entries[0]?.['Amt'])?.currency;
    if (!currency || !isCurrency(currency)) return bad(`${at}: unknown account currency "${currency ?? ''}".`, `${at}.Acct.Ccy`);

    const lines: BankLine[] = [];
    const skipped: SkippedEntry[] = [];
    for (const [n, entry] of entries.entries()) {
      const parsed = parseEntry(entry, `${at}.Ntry[${n + 1}]`, n, currency, accountIban);
      if (!parsed.ok) return parsed;
      if ('skipped' in parsed.value) skipped.push(parsed.value.skipped);
      else lines.push(...parsed.value.lines);
    }
    statements.push({ messageId, statementId, accountIban, currency, lines, skipped });
  }
  return ok(statements);
}

function parseEntry(entry: Node, field: string, index: number, currency: string, account: string): Result<{ lines: BankLine[] } | { skipped: SkippedEntry }> {
  const entryRef = text(entry['AcctSvcrRef']) ?? text(entry['NtryRef']);
  const label = `entry ${index + 1}${entryRef ? ` (${entryRef})` : ''}`;
  const Label = label[0]!.toUpperCase() + label.slice(1);
  const amount = amountOf(entry['Amt']);
  if (!amount) return bad(`${Label} has no amount with a currency (Amt Ccy="…").`, `${field}.Amt`);
  if (amount.currency !== currency) return bad(`${Label} is in ${amount.currency}, but the account is in ${currency}; nothing was imported.`, `${field}.Amt`);
  const total = parseMajorUnits(amount.text, currency, `${field}.Amt`);
  if (!total.ok) return bad(`${Label}: ${total.error.message}.`, `${field}.Amt`);
  if (total.value.amount <= 0n) return bad(`${Label}: amounts must be positive (direction is CdtDbtInd).`, `${field}.Amt`);

  const direction = text(entry['CdtDbtInd']);
  if (direction !== 'CRDT' && direction !== 'DBIT') return bad(`${Label}: CdtDbtInd must be CRDT or DBIT.`, `${field}.CdtDbtInd`);
  const status = text(entry['Sts']) ?? text(child(entry, 'Sts', 'Cd')) ?? 'BOOK';
  if (direction === 'DBIT') return ok({ skipped: { label, reason: 'debit (money out)' } });
  if (status !== 'BOOK') return ok({ skipped: { label, reason: `status ${status}, not booked` } });
  const bookingDate = dateOf(entry['BookgDt']) ?? dateOf(entry['ValDt']);
  if (!bookingDate) return bad(`${Label} has no booking date (BookgDt/Dt).`, `${field}.BookgDt`);

  const transactions = list(child(entry, 'NtryDtls')).flatMap((details) => list(details['TxDtls']));
  const txs = transactions.length > 0 ? transactions : [{} as Node];
  const lines: BankLine[] = [];
  let sum = 0n;
  for (const [t, tx] of txs.entries()) {
    let lineAmount = total.value.amount;
    if (txs.length > 1) {
      const txAmount = amountOf(tx['Amt']) ?? amountOf(child(tx, 'AmtDtls', 'TxAmt', 'Amt'));
      if (!txAmount) return bad(`${Label}, transaction ${t + 1}: a batch entry needs an amount per transaction.`, `${field}.TxDtls[${t + 1}].Amt`);
      if (txAmount.currency !== currency) return bad(`${Label}, transaction ${t + 1} is in ${txAmount.currency}, but the account is in ${currency}; nothing was imported.`, `${field}.TxDtls[${t + 1}].Amt`);
      const parsed = parseMajorUnits(txAmount.text, currency, `${field}.TxDtls[${t + 1}].Amt`);
      if (!parsed.ok || parsed.value.amount <= 0n) return bad(`${Label}, transaction ${t + 1}: "${txAmount.text}" is not a positive amount.`, `${field}.TxDtls[${t + 1}].Amt`);
      lineAmount = parsed.value.amount;
    }
    sum += lineAmount;
    const remittance = remittanceOf(tx);
    const debtorName = partyName(child(tx, 'RltdPties', 'Dbtr'));
    const debtorIban = text(child(tx, 'RltdPties', 'DbtrAcct', 'Id', 'IBAN'))?.replaceAll(' ', '').toUpperCase();
    const endToEndId = text(child(tx, 'Refs', 'EndToEndId'));
    const txRef = text(child(tx, 'Refs', 'AcctSvcrRef'));
    const base = entryRef ?? `${bookingDate}:${digest([account, index, lineAmount, debtorIban, debtorName, ...remittance.unstructured, ...remittance.structured].join('|'))}`;
    const ref = txs.length === 1 ? base : (txRef ?? `${base}/${t + 1}`);
    lines.push({ ref, label: txs.length === 1 ? label : `${label}, transaction ${t + 1}`, bookingDate, amount: lineAmount, currency, debtorName, debtorIban, endToEndId: endToEndId === 'NOTPROVIDED' ? undefined : endToEndId, remittance });
  }
  if (txs.length > 1 && sum !== total.value.amount) return bad(`${Label}: its transactions add up to another amount than the entry.`, `${field}.NtryDtls`);
  return ok({ lines });
}

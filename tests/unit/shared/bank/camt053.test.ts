import { describe, expect, it } from 'vitest';
import { parseCamt053 } from '../../../../shared/bank/camt053.ts';

const doc = (entries: string, ccy = 'EUR') => `<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId></GrpHdr>
  <Stmt><Id>S1</Id><Acct><Id><IBAN>DE89 3704 0044 0532 0130 00</IBAN></Id><Ccy>${ccy}</Ccy></Acct>${entries}</Stmt>
</BkToCstmrStmt></Document>`;

const entry = (inner: string, amount = '12.34', ccy = 'EUR') => `<Ntry><Amt Ccy="${ccy}">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-02</Dt></BookgDt>${inner}</Ntry>`;

describe('parseCamt053', () => {
  it('reads amounts exactly, the account, debtor and both remittance forms', () => {
    const result = parseCamt053(
      doc(
        entry(
          '<AcctSvcrRef>B-77</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme &amp; Co</Nm></Dbtr><DbtrAcct><Id><IBAN>gb29 nwbk 6016 1331 9268 19</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>INV-1 INV-2</Ustrd><Strd><RfrdDocInf><Nb>INV-3</Nb></RfrdDocInf></Strd></RmtInf></TxDtls></NtryDtls>',
          '1000000.10',
        ),
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [statement] = result.value;
    expect(statement).toMatchObject({ messageId: 'M1', statementId: 'S1', accountIban: 'DE89370400440532013000', currency: 'EUR' });
    expect(statement!.lines).toEqual([
      {
        ref: 'B-77',
        label: 'entry 1 (B-77)',
        bookingDate: '2026-11-02',
        amount: 100_000_010n,
        currency: 'EUR',
        debtorName: 'Acme & Co',
        debtorIban: 'GB29NWBK60161331926819',
        endToEndId: undefined,
        remittance: { structured: ['INV-3'], unstructured: ['INV-1 INV-2'] },
      },
    ]);
  });

  it('gives entries without any reference a stable digest reference', () => {
    const xml = doc(entry('<NtryDtls><TxDtls><RmtInf><Ustrd>INV-9</Ustrd></RmtInf></TxDtls></NtryDtls>') + entry('', '5.00'));
    const first = parseCamt053(xml);
    const second = parseCamt053(xml);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    const refs = first.value[0]!.lines.map((l) => l.ref);
    expect(refs).toEqual(second.value[0]!.lines.map((l) => l.ref));
    expect(new Set(refs).size).toBe(2);
    expect(refs[0]).toMatch(/^2026-11-02:[0-9a-f]{8}$/);
  });

  it('uses the currency exponent: JPY has no decimals', () => {
    const ok = parseCamt053(doc(entry('', '1500', 'JPY'), 'JPY'));
    expect(ok.ok && ok.value[0]!.lines[0]!.amount).toBe(1500n);
    const bad = parseCamt053(doc(entry('<NtryRef>J</NtryRef>', '15.5', 'JPY'), 'JPY'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ field: 'Stmt[1].Ntry[1].Amt', message: expect.stringMatching(/^Entry 1 \(J\)/) });
  });

  it('skips debits and pending entries with the reason', () => {
    const result = parseCamt053(doc(entry('<NtryRef>P</NtryRef>').replace('<Sts>BOOK</Sts>', '<Sts>PDNG</Sts>') + entry('<NtryRef>D</NtryRef>').replace('CRDT', 'DBIT')));
    expect(result.ok && result.value[0]!.skipped).toEqual([
      { label: 'entry 1 (P)', reason: 'status PDNG, not booked' },
      { label: 'entry 2 (D)', reason: 'debit (money out)' },
    ]);
  });

  it('refuses what it cannot read fully, naming the place', () => {
    const cases: [string, string | RegExp][] = [
      ['plain text', 'body'],
      ['<a><b></a>', 'body'],
      ['<!DOCTYPE x [<!ENTITY a "b">]><Document/>', 'body'],
      ['<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>', 'body'],
      [doc(entry('', '12.34', 'USD')), 'Stmt[1].Ntry[1].Amt'],
      [doc(entry('', 'abc')), 'Stmt[1].Ntry[1].Amt'],
      [doc(entry('').replace('<BookgDt><Dt>2026-11-02</Dt></BookgDt>', '')), 'Stmt[1].Ntry[1].BookgDt'],
      [doc('', 'XXX'), 'Stmt[1].Acct.Ccy'],
    ];
    for (const [xml, field] of cases) {
      const result = parseCamt053(xml);
      expect(result.ok, xml).toBe(false);
      if (!result.ok) expect(result.error.field).toBe(field);
    }
  });

  it('splits a batch entry into its transactions and checks they add up', () => {
    const tx = (ref: string, amount: string) => `<TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls></TxDtls>`;
    const good = parseCamt053(doc(entry(`<NtryRef>B</NtryRef><NtryDtls>${tx('T1', '10.00')}${tx('T2', '2.34')}</NtryDtls>`)));
    expect(good.ok && good.value[0]!.lines.map((l) => [l.ref, l.amount])).toEqual([
      ['T1', 1000n],
      ['T2', 234n],
    ]);
    const bad = parseCamt053(doc(entry(`<NtryRef>B</NtryRef><NtryDtls>${tx('T1', '10.00')}${tx('T2', '2.00')}</NtryDtls>`)));
    expect(bad.ok).toBe(false);
  });
});

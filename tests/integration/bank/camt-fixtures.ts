/** CAMT.053 statements written for the tests, in the layouts banks send (.001.02 and .001.08). */

export interface FixtureEntry {
  readonly ref?: string;
  readonly amount: string;
  readonly currency?: string;
  readonly direction?: 'CRDT' | 'DBIT';
  readonly date?: string;
  readonly debtorName?: string;
  readonly debtorIban?: string;
  readonly invoiceNumbers?: readonly string[];
  readonly text?: string;
  readonly creditorRef?: string;
}

export const ACCOUNT = 'DE89370400440532013000';

const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/** camt.053.001.02: status as text, `Dbtr/Nm`, amount only on the entry. */
export function camtV2(messageId: string, entries: readonly FixtureEntry[], options: { currency?: string; namespace?: string } = {}): string {
  const currency = options.currency ?? 'EUR';
  const namespace = options.namespace ?? 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';
  const ntry = entries
    .map(
      (e) => `
      <Ntry>
        ${e.ref ? `<NtryRef>${e.ref}</NtryRef>` : ''}
        <Amt Ccy="${e.currency ?? currency}">${e.amount}</Amt>
        <CdtDbtInd>${e.direction ?? 'CRDT'}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>${e.date ?? '2026-11-20'}</Dt></BookgDt>
        <ValDt><Dt>${e.date ?? '2026-11-20'}</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties>
            ${e.debtorName ? `<Dbtr><Nm>${escape(e.debtorName)}</Nm></Dbtr>` : ''}
            ${e.debtorIban ? `<DbtrAcct><Id><IBAN>${e.debtorIban}</IBAN></Id></DbtrAcct>` : ''}
          </RltdPties>
          <RmtInf>
            ${e.text ? `<Ustrd>${escape(e.text)}</Ustrd>` : ''}
            ${(e.invoiceNumbers ?? []).map((n) => `<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>${n}</Nb></RfrdDocInf></Strd>`).join('')}
            ${e.creditorRef ? `<Strd><CdtrRefInf><Ref>${e.creditorRef}</Ref></CdtrRefInf></Strd>` : ''}
          </RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-11-21T06:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${messageId}-1</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2026-11-21T06:00:00Z</CreDtTm>
      <Acct><Id><IBAN>${ACCOUNT}</IBAN></Id><Ccy>${currency}</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>${ntry}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}

/** camt.053.001.08 with a namespace prefix, `Sts/Cd`, `Dbtr/Pty/Nm` and a batch entry of several transactions. */
export function camtV8Batch(messageId: string, entryRef: string, transactions: readonly (FixtureEntry & { txRef: string })[]): string {
  const total = transactions.reduce((sum, t) => sum + Math.round(Number(t.amount) * 100), 0);
  const txs = transactions
    .map(
      (t) => `
          <c:TxDtls>
            <c:Refs><c:AcctSvcrRef>${t.txRef}</c:AcctSvcrRef><c:EndToEndId>E2E-${t.txRef}</c:EndToEndId></c:Refs>
            <c:Amt Ccy="EUR">${t.amount}</c:Amt>
            <c:RltdPties><c:Dbtr><c:Pty><c:Nm>${escape(t.debtorName ?? '')}</c:Nm></c:Pty></c:Dbtr></c:RltdPties>
            <c:RmtInf>${t.text ? `<c:Ustrd>${escape(t.text)}</c:Ustrd>` : ''}</c:RmtInf>
          </c:TxDtls>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <c:BkToCstmrStmt>
    <c:GrpHdr><c:MsgId>${messageId}</c:MsgId><c:CreDtTm>2026-11-22T06:00:00Z</c:CreDtTm></c:GrpHdr>
    <c:Stmt>
      <c:Id>${messageId}-1</c:Id>
      <c:Acct><c:Id><c:IBAN>${ACCOUNT}</c:IBAN></c:Id><c:Ccy>EUR</c:Ccy></c:Acct>
      <c:Ntry>
        <c:Amt Ccy="EUR">${(total / 100).toFixed(2)}</c:Amt>
        <c:CdtDbtInd>CRDT</c:CdtDbtInd>
        <c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
        <c:BookgDt><c:DtTm>2026-11-21T10:15:00+01:00</c:DtTm></c:BookgDt>
        <c:AcctSvcrRef>${entryRef}</c:AcctSvcrRef>
        <c:NtryDtls>${txs}
        </c:NtryDtls>
      </c:Ntry>
    </c:Stmt>
  </c:BkToCstmrStmt>
</c:Document>`;
}

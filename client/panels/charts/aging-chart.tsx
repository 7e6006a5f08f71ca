/** Aging buckets as a bar chart (recharts; this file is its own lazy chunk). */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { agingBuckets, type Metrics } from '../../api/ledger-api.ts';
import { formatMoney } from '../../format.ts';

const colors = ['#22c55e', '#eab308', '#f97316', '#ef4444', '#b91c1c'];

export default function AgingChart({ metrics }: { metrics: Metrics }) {
  const data = agingBuckets.map((bucket) => ({ bucket: bucket === 'current' ? 'Current' : bucket, amount: metrics.aging[bucket] }));
  const compact = (minor: number) => formatMoney(minor, metrics.currency).replace(/\.\d+$/, '');
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#1e293b" />
        <XAxis dataKey="bucket" stroke="#94a3b8" fontSize={12} />
        <YAxis stroke="#94a3b8" fontSize={11} width={70} tickFormatter={compact} allowDecimals={false} />
        <Tooltip formatter={(value) => formatMoney(Number(value), metrics.currency)} contentStyle={{ background: '#0f172a', border: '1px solid #334155' }} />
        <Bar dataKey="amount" name="Open AR" isAnimationActive={false}>
          {data.map((entry, index) => (
            <Cell key={entry.bucket} fill={colors[index]} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

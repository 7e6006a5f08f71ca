/** DSO, best-possible DSO and clean DSO at recent month-ends (recharts; its own lazy chunk). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '../../state/ledger-store.ts';

export default function DsoTrendChart({ trend }: { trend: readonly TrendPoint[] }) {
  const data = trend.map((point) => ({ ...point, month: point.asOf.slice(0, 7) }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#1e293b" />
        <XAxis dataKey="month" stroke="#94a3b8" fontSize={11} />
        <YAxis stroke="#94a3b8" fontSize={11} width={40} unit=" d" />
        <Tooltip formatter={(value) => `${Number(value).toFixed(1)} days`} contentStyle={{ background: '#0f172a', border: '1px solid #334155' }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line type="monotone" dataKey="dso" name="DSO" stroke="#3b82f6" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="bpdso" name="BPDSO" stroke="#22c55e" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="cleanDso" name="Clean DSO" stroke="#a855f7" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

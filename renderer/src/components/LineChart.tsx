/**
 * A small SVG line chart (one or more series, points marked, axes with a few ticks). Enough for prover throughput
 * and benchmark curves without a charting library; the data also appears in a table beside it for screen readers.
 */
export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

interface Props {
  series: Series[];
  xLabel: string;
  yLabel: string;
  /** Formats tick and tooltip values. */
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  height?: number;
  /** Accessible summary of what the chart shows. */
  title: string;
}

const W = 560;
const PAD = { l: 56, r: 16, t: 12, b: 40 };

function ticks(min: number, max: number, n: number): number[] {
  if (min === max) return [min];
  const step = (max - min) / (n - 1);
  return Array.from({ length: n }, (_, i) => min + i * step);
}

export function LineChart({ series, xLabel, yLabel, formatX = (x) => String(+x.toFixed(2)), formatY = (y) => String(+y.toPrecision(3)), height = 220, title }: Props) {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return null;
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [0, Math.max(...ys) * 1.1 || 1];
  const sx = (x: number) => PAD.l + (x1 === x0 ? (W - PAD.l - PAD.r) / 2 : ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r));
  const sy = (y: number) => height - PAD.b - ((y - y0) / (y1 - y0)) * (height - PAD.t - PAD.b);
  const xTicks = [...new Set(xs)].length <= 8 ? [...new Set(xs)].sort((a, b) => a - b) : ticks(x0, x1, 6);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title}>
        <title>{title}</title>
        {ticks(y0, y1, 5).map((t) => (
          <g key={`y${t}`} className="chart-grid">
            <line x1={PAD.l} x2={W - PAD.r} y1={sy(t)} y2={sy(t)} />
            <text x={PAD.l - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle">
              {formatY(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="chart-tick" x={sx(t)} y={height - PAD.b + 16} textAnchor="middle">
            {formatX(t)}
          </text>
        ))}
        <text className="chart-axis" x={(PAD.l + W - PAD.r) / 2} y={height - 6} textAnchor="middle">
          {xLabel}
        </text>
        <text className="chart-axis" transform={`translate(12 ${(PAD.t + height - PAD.b) / 2}) rotate(-90)`} textAnchor="middle">
          {yLabel}
        </text>
        {series.map((s, i) => (
          <g key={s.name} className={`chart-series chart-series-${i % 4}`}>
            <polyline points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(" ")} fill="none" />
            {s.points.map((p) => (
              <circle key={`${p.x},${p.y}`} cx={sx(p.x)} cy={sy(p.y)} r={3.5}>
                <title>{`${s.name}: ${formatX(p.x)} → ${formatY(p.y)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption className="chart-legend">
          {series.map((s, i) => (
            <span key={s.name} className={`chart-key chart-series-${i % 4}`}>
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

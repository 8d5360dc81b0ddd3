'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslations } from 'use-intl';
import { quietButtonClass } from '@/components/form';
import { URGENCY_ORDER, type Urgency } from '@/lib/planning/refill-priority';
import { placeLabels, textWidth } from '@/lib/fleet/map/labels';
import { tilesFor, tileUrl } from '@/lib/fleet/map/tiles';
import type { MapTiles } from '@/lib/settings/map-tiles';
import {
  fitProjection,
  gridStep,
  largestCluster,
  scaleBar,
  type Fit,
} from '@/lib/fleet/map/projection';
import { MapLegend, URGENCY_FILL } from './urgency';

export interface MapSite {
  id: number;
  name: string;
  longitude: number | null;
  latitude: number | null;
  urgency: Urgency;
  offline: number;
  /** Place in the visiting order (1…), when the map joins a route. */
  visit?: number | null;
  /** Where a click on the site goes. */
  href?: string;
  /** Everything a screen reader should hear about the site. */
  description: string;
}

const W = 800;
const H = 480;
const PAD = 32;
const MIN_K = 1;
const MAX_K = 64;
/** The strip under the map that holds the scale bar: no site is ever drawn under it. */
const STRIP = 28;
const LABEL_PX = 12;

interface View {
  k: number;
  x: number;
  y: number;
}
const HOME: View = { k: 1, x: 0, y: 0 };

/** The view showing the largest group of sites (all of them when they are one group). */
function openingView(fit: Fit, placed: readonly { longitude: number; latitude: number }[]): View {
  const group = largestCluster(placed);
  if (group.length === placed.length) return HOME;
  const ps = group.map((i) => fit.project(placed[i]!));
  const xs = ps.map((p) => p.x);
  const ys = ps.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min(
    MAX_K,
    (W - 2 * PAD) / Math.max(x1 - x0, 1e-6),
    (H - 2 * PAD) / Math.max(y1 - y0, 1e-6),
  );
  return { k, x: W / 2 - ((x0 + x1) / 2) * k, y: H / 2 - ((y0 + y1) / 2) * k };
}

/** Zooms by `factor` keeping the map point under (px, py) where it is. */
function zoomAt(v: View, factor: number, px: number, py: number): View {
  const k = Math.min(MAX_K, Math.max(MIN_K, v.k * factor));
  return { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
}

/**
 * The sites on an SVG map drawn from their coordinates alone (Web Mercator, fitted to them):
 * no tiles, no outside service, so it works offline. Drag or arrow keys pan, the wheel, + and −
 * zoom, 0 fits all. It opens on the largest group of sites. Coloured by urgency; a route joins
 * sites in visiting order. Labels never overlap (lib/fleet/map/labels.ts); the scale bar sits in a
 * strip of its own under the map, so no site hides beneath it. The page shows the same sites
 * as a list (`listId`), the map's accessible alternative.
 */
export function SiteMap({
  sites,
  route = false,
  label,
  listId,
  tiles = null,
}: {
  sites: MapSite[];
  route?: boolean;
  label: string;
  listId: string;
  /** A street-map tile layer an admin configured (D82); null: the offline drawing. */
  tiles?: MapTiles | null;
}) {
  const t = useTranslations('planning.map');
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; moved: number } | null>(null);
  const placed = useMemo(
    () =>
      sites.filter(
        (s): s is MapSite & { longitude: number; latitude: number } =>
          s.longitude !== null && s.latitude !== null,
      ),
    [sites],
  );
  const fit = useMemo(() => fitProjection(placed, W, H, PAD), [placed]);
  // Sites in two cities open on the one with more; "fit all" shows both. The page remounts
  // the map (a key) when its filters change the sites.
  const [view, setView] = useState<View>(() => openingView(fit, placed));
  const points = placed.map((s) => ({ site: s, ...fit.project(s) }));
  const path = route
    ? points
        .filter((p) => p.site.visit != null)
        .sort((a, b) => a.site.visit! - b.site.visit!)
        .map((p) => `${p.x},${p.y}`)
        .join(' ')
    : '';

  // React's wheel handler is passive; a zooming wheel must not scroll the page as well.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      const px = ((e.clientX - r.left) * W) / r.width;
      const py = ((e.clientY - r.top) * H) / r.height;
      setView((v) => zoomAt(v, e.deltaY < 0 ? 1.25 : 0.8, px, py));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, []);

  const scale = (e: { clientX: number; clientY: number }) => {
    const r = svgRef.current!.getBoundingClientRect();
    return { x: (e.clientX * W) / r.width, y: (e.clientY * H) / r.height };
  };
  function onPointerDown(e: PointerEvent<SVGSVGElement>) {
    if (e.button !== 0) return;
    drag.current = { ...scale(e), moved: 0 };
  }
  function onPointerMove(e: PointerEvent<SVGSVGElement>) {
    const d = drag.current;
    if (!d) return;
    const p = scale(e);
    const dx = p.x - d.x;
    const dy = p.y - d.y;
    d.moved += Math.abs(dx) + Math.abs(dy);
    d.x = p.x;
    d.y = p.y;
    // Capture only once it is a drag, so a plain click still reaches a site's link.
    if (d.moved > 4 && !e.currentTarget.hasPointerCapture(e.pointerId))
      e.currentTarget.setPointerCapture(e.pointerId);
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  }
  function onPointerUp() {
    setTimeout(() => (drag.current = null), 0);
  }
  function onKeyDown(e: KeyboardEvent) {
    const step = 40;
    const moves: Record<string, () => View> = {
      ArrowLeft: () => ({ ...view, x: view.x + step }),
      ArrowRight: () => ({ ...view, x: view.x - step }),
      ArrowUp: () => ({ ...view, y: view.y + step }),
      ArrowDown: () => ({ ...view, y: view.y - step }),
      '+': () => zoomAt(view, 1.5, W / 2, H / 2),
      '=': () => zoomAt(view, 1.5, W / 2, H / 2),
      '-': () => zoomAt(view, 1 / 1.5, W / 2, H / 2),
      '0': () => HOME,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    setView(move());
  }

  const k = view.k;
  // Graticule over what is on screen, at a step that suits the zoom.
  const nw = fit.unproject(-view.x / k, -view.y / k);
  const se = fit.unproject((W - view.x) / k, (H - view.y) / k);
  const step = gridStep(Math.max(se.longitude - nw.longitude, nw.latitude - se.latitude));
  const grid = (from: number, to: number) => {
    const out: number[] = [];
    for (let v = Math.floor(from / step) * step; v <= to + step; v += step) out.push(v);
    return out;
  };
  const bar = scaleBar(fit.metresPerUnit / k, 160);
  const tileImages = tiles?.url
    ? tilesFor({
        size: fit.world.scale * k,
        originX: view.x + fit.world.offsetX * k,
        originY: view.y + fit.world.offsetY * k,
        width: W,
        height: H,
      })
    : [];
  const credit = tiles?.url ? tiles.attribution : '';
  // Labels in screen units, the most urgent sites first, each where it overlaps nothing.
  const onScreen = points
    .map((p, i) => ({ i, x: view.x + p.x * k, y: view.y + p.y * k, site: p.site }))
    .filter((p) => p.x >= 0 && p.x <= W && p.y >= 0 && p.y <= H)
    .sort(
      (a, b) =>
        URGENCY_ORDER.indexOf(a.site.urgency) - URGENCY_ORDER.indexOf(b.site.urgency) ||
        (a.site.visit ?? Infinity) - (b.site.visit ?? Infinity),
    )
    .slice(0, 400);
  const labels = placeLabels(
    onScreen.map((p) => ({ x: p.x, y: p.y, text: p.site.name })),
    { width: W, height: H, fontSize: LABEL_PX, radius: 11 },
  ).map((l) => ({ ...l, site: onScreen[l.index]!.site }));

  return (
    <figure className="space-y-2" aria-label={label}>
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <button
          type="button"
          className={quietButtonClass}
          aria-label={t('zoomIn')}
          onClick={() => setView(zoomAt(view, 1.5, W / 2, H / 2))}
        >
          +
        </button>
        <button
          type="button"
          className={quietButtonClass}
          aria-label={t('zoomOut')}
          onClick={() => setView(zoomAt(view, 1 / 1.5, W / 2, H / 2))}
        >
          −
        </button>
        <button type="button" className={quietButtonClass} onClick={() => setView(HOME)}>
          {t('reset')}
        </button>
        <span className="text-xs text-slate-600">{t('help')}</span>
        <a href={`#${listId}`} className="text-xs text-blue-700 underline">
          {t('toList')}
        </a>
      </div>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H + STRIP}`}
        role="group"
        aria-label={t('label', { label, count: placed.length })}
        tabIndex={0}
        data-testid="site-map"
        data-zoom={k}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onClickCapture={(e) => {
          if ((drag.current?.moved ?? 0) > 4) e.preventDefault();
        }}
        className="h-auto w-full cursor-grab touch-none rounded border border-slate-200 bg-sky-50 select-none focus:outline-2 focus:outline-blue-600 active:cursor-grabbing"
      >
        <defs>
          <clipPath id={`${listId}-clip`}>
            <rect width={W} height={H} />
          </clipPath>
        </defs>
        <g clipPath={`url(#${listId}-clip)`}>
          {tileImages.length > 0 && (
            <g aria-hidden data-testid="map-tiles">
              {tileImages.map((t) => (
                <image
                  key={`${t.z}/${t.x}/${t.y}`}
                  href={tileUrl(tiles!.url!, tiles!.subdomains, t)}
                  x={t.left}
                  y={t.top}
                  width={t.size + 0.5}
                  height={t.size + 0.5}
                  preserveAspectRatio="none"
                />
              ))}
            </g>
          )}
          <g transform={`translate(${view.x} ${view.y}) scale(${k})`}>
            <g
              aria-hidden
              stroke="#cbd5e1"
              opacity={tileImages.length ? 0 : 1}
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            >
              {grid(nw.longitude, se.longitude).map((lon) => {
                const a = fit.project({ longitude: lon, latitude: se.latitude - step });
                const b = fit.project({ longitude: lon, latitude: nw.latitude + step });
                return (
                  <line
                    key={`m${lon}`}
                    x1={a.x}
                    y1={a.y}
                    x2={b.x}
                    y2={b.y}
                    vectorEffect="non-scaling-stroke"
                  />
                );
              })}
              {grid(se.latitude, nw.latitude).map((lat) => {
                const a = fit.project({ longitude: nw.longitude - step, latitude: lat });
                const b = fit.project({ longitude: se.longitude + step, latitude: lat });
                return (
                  <line
                    key={`p${lat}`}
                    x1={a.x}
                    y1={a.y}
                    x2={b.x}
                    y2={b.y}
                    vectorEffect="non-scaling-stroke"
                  />
                );
              })}
            </g>
            {path && (
              <polyline
                aria-hidden
                data-testid="route-line"
                points={path}
                fill="none"
                stroke="#1d4ed8"
                strokeWidth={2.5}
                strokeLinejoin="round"
                vectorEffect="non-scaling-stroke"
              />
            )}
            {points.map(({ site, x, y }) => {
              const marker = (
                <>
                  <title>{site.description}</title>
                  {site.offline > 0 && (
                    <circle
                      cx={x}
                      cy={y}
                      r={11 / k}
                      fill="none"
                      stroke="#0f172a"
                      strokeWidth={2 / k}
                      strokeDasharray={`${3 / k} ${2 / k}`}
                    />
                  )}
                  <circle
                    cx={x}
                    cy={y}
                    r={8 / k}
                    fill={URGENCY_FILL[site.urgency]}
                    stroke="#ffffff"
                    strokeWidth={1.5 / k}
                  />
                  {route && site.visit != null && (
                    <text
                      x={x}
                      y={y}
                      dy={3.5 / k}
                      textAnchor="middle"
                      fontSize={9 / k}
                      fontWeight={700}
                      fill="#ffffff"
                    >
                      {site.visit}
                    </text>
                  )}
                </>
              );
              return site.href ? (
                <Link
                  key={site.id}
                  href={site.href}
                  aria-label={site.description}
                  data-testid={`map-site-${site.id}`}
                  data-urgency={site.urgency}
                >
                  {marker}
                </Link>
              ) : (
                <g
                  key={site.id}
                  role="img"
                  aria-label={site.description}
                  data-testid={`map-site-${site.id}`}
                  data-urgency={site.urgency}
                >
                  {marker}
                </g>
              );
            })}
          </g>
          <g aria-hidden pointerEvents="none" data-testid="map-labels">
            {labels.map((l) => (
              <text
                key={l.site.id}
                x={l.x}
                y={l.y}
                fontSize={LABEL_PX}
                fill="#0f172a"
                stroke="#f0f9ff"
                strokeWidth={3}
                paintOrder="stroke"
              >
                {l.site.name}
              </text>
            ))}
          </g>
        </g>
        <rect aria-hidden y={H} width={W} height={STRIP} fill="#ffffff" />
        {credit && (
          <text
            x={W - 6}
            y={H + 18}
            textAnchor="end"
            fontSize={10}
            fill="#334155"
            data-testid="map-attribution"
            {...(textWidth(credit, 10) > W - 260
              ? { textLength: W - 260, lengthAdjust: 'spacingAndGlyphs' }
              : {})}
          >
            {credit}
          </text>
        )}
        <g aria-hidden transform={`translate(16 ${H + 18})`}>
          <line x1={0} y1={0} x2={bar.units} y2={0} stroke="#0f172a" strokeWidth={2} />
          <line x1={0} y1={-5} x2={0} y2={0} stroke="#0f172a" strokeWidth={2} />
          <line x1={bar.units} y1={-5} x2={bar.units} y2={0} stroke="#0f172a" strokeWidth={2} />
          <text x={bar.units + 6} y={4} fontSize={11} fill="#0f172a">
            {bar.metres >= 1000 ? `${bar.metres / 1000} km` : `${bar.metres} m`}
          </text>
        </g>
      </svg>
      {placed.length < sites.length && (
        <p className="text-xs text-slate-600">
          {t('unplaced', { count: sites.length - placed.length })}
        </p>
      )}
      <MapLegend route={route} />
    </figure>
  );
}

// Leaflet pieces both web maps use: the base layer (tiles when TILE_URL is set, otherwise a local grid
// drawn on canvas, so the map needs no internet), resizing, and HTML marker icons (L.divIcon: no image
// assets, Leaflet's default marker PNGs do not survive Metro's bundling).
import 'leaflet/dist/leaflet.css';

import L from 'leaflet';
import { useEffect } from 'react';
import { TileLayer, useMap } from 'react-leaflet';

import { TILE_ATTRIBUTION, TILE_URL } from '../../services/config';
import { shortMoney } from '../format';
import { colors } from '../ui';

class GridLayer extends L.GridLayer {
  createTile(): HTMLElement {
    const size = this.getTileSize();
    const canvas = document.createElement('canvas');
    canvas.width = size.x;
    canvas.height = size.y;
    const context = canvas.getContext('2d');
    if (context) {
      context.fillStyle = '#eef1f5';
      context.fillRect(0, 0, size.x, size.y);
      context.strokeStyle = '#dde2ea';
      context.lineWidth = 1;
      for (let step = 0; step <= size.x; step += size.x / 4) {
        context.beginPath();
        context.moveTo(step + 0.5, 0);
        context.lineTo(step + 0.5, size.y);
        context.moveTo(0, step + 0.5);
        context.lineTo(size.x, step + 0.5);
        context.stroke();
      }
    }
    return canvas;
  }
}

function LocalGrid() {
  const map = useMap();
  useEffect(() => {
    const layer = new GridLayer({ tileSize: 256 });
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map]);
  return null;
}

export function BaseLayer() {
  return TILE_URL ? <TileLayer url={TILE_URL} attribution={TILE_ATTRIBUTION} /> : <LocalGrid />;
}

// Leaflet measures its container once; tell it when the container changes size.
export function AutoResize() {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => observer.disconnect();
  }, [map]);
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function spotIcon(id: string, label: string, available: boolean, selected: boolean): L.DivIcon {
  const background = available ? (selected ? colors.primaryDark : colors.primary) : selected ? '#6b6b70' : '#9e9ea4';
  const style = [
    `background:${background}`, 'color:#fff', 'font:600 13px/1 system-ui,sans-serif', 'padding:6px 8px',
    'border-radius:14px', 'border:2px solid #fff', 'box-shadow:0 1px 4px rgba(0,0,0,.35)', 'white-space:nowrap',
    'display:inline-block', 'transform:translate(-50%,-100%)', 'cursor:pointer',
    selected ? 'outline:3px solid rgba(27,110,243,.35)' : '',
  ].join(';');
  return L.divIcon({
    className: 'ps-spot-icon',
    html: `<div data-testid="spot-marker-${escapeHtml(id)}" data-available="${available}" style="${style}">${escapeHtml(label)}</div>`,
    iconSize: [0, 0],
    iconAnchor: [0, 0],
  });
}

// The count in a disc sized by it, and the lowest hourly price of the cluster under it ("from $3").
export function clusterIcon(count: number, minPrice: number): L.DivIcon {
  const size = count < 10 ? 32 : count < 100 ? 38 : 46;
  const box = [
    'display:inline-flex', 'flex-direction:column', 'align-items:center', 'gap:2px', 'width:max-content',
    `transform:translate(-50%,-${size / 2}px)`, 'cursor:pointer',
  ].join(';');
  const disc = [
    `width:${size}px`, `height:${size}px`, 'box-sizing:border-box', 'border-radius:50%',
    'background:rgba(27,110,243,.88)', 'border:3px solid rgba(255,255,255,.9)', 'color:#fff',
    'font:700 13px/1 system-ui,sans-serif', 'display:flex', 'align-items:center', 'justify-content:center',
    'box-shadow:0 1px 4px rgba(0,0,0,.35)',
  ].join(';');
  const label = [
    'background:#fff', `color:${colors.primaryDark}`, 'font:600 11px/1 system-ui,sans-serif', 'padding:2px 5px',
    'border-radius:8px', 'white-space:nowrap', 'box-shadow:0 1px 3px rgba(0,0,0,.3)',
  ].join(';');
  const price = escapeHtml(`from ${shortMoney(minPrice)}`);
  return L.divIcon({
    className: 'ps-cluster-icon',
    html: `<div data-testid="map-cluster" data-count="${count}" data-min-price="${minPrice}" title="${count} spots, ${price}/h" style="${box}">`
      + `<div style="${disc}">${count}</div><div style="${label}">${price}</div></div>`,
    iconSize: [0, 0],
    iconAnchor: [0, 0],
  });
}

export function pinIcon(): L.DivIcon {
  const style = [
    'width:22px', 'height:22px', 'margin:-22px 0 0 -11px', 'border-radius:50% 50% 50% 0', 'transform:rotate(-45deg)',
    `background:${colors.danger}`, 'border:3px solid #fff', 'box-shadow:0 1px 4px rgba(0,0,0,.4)', 'cursor:grab',
  ].join(';');
  return L.divIcon({
    className: 'ps-pin-icon',
    html: `<div data-testid="location-pin" style="${style}"></div>`,
    iconSize: [0, 0],
    iconAnchor: [0, 0],
  });
}

export const containerStyle = { position: 'absolute', top: 0, left: 0, right: 0, bottom: 0, background: '#eef1f5' } as const;

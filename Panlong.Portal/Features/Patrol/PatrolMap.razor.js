// The live patrol map (docs/decisions/0068-patrol-shifts-and-tracks.md): a marker per patroller on shift, moved in place
// as positions arrive, and one shift's track with a time slider. Built on the district map's base map and labels.
import { load, baseMap, fit, label, json, cameraMarker } from "../Maps/DistrictMap.razor.js";

const maps = new WeakMap();

export async function create(element, dotnet, slider, time, options) {
    const L = await load();
    const map = baseMap(L, element, options);
    const state = { map, dotnet, slider, time, markers: new Map(), trackLayer: L.layerGroup().addTo(map), points: [], start: 0 };
    maps.set(element, state);
    slider.addEventListener("input", () => seek(state, Number(slider.value)));
    const source = options.scoped ? kind => `/api/map/regions/${kind}` : kind => `/api/map/outline?kind=${kind}`;
    const [communities, grids] = await Promise.all([json(source("community")), json(source("grid"))]);
    L.geoJSON(grids, { style: { color: "#5a87cf", weight: 0.6, fill: false }, interactive: false }).addTo(map);
    const outline = L.geoJSON(communities, { style: { color: "#1f4e99", weight: 1.5, fill: false, dashArray: "4 3" }, interactive: false }).addTo(map);
    fit(map, outline);
    element.dataset.ready = "true";
}

export function update(element, patrollers) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    const L = window.L;
    const seen = new Set();
    for (const p of patrollers) {
        seen.add(p.id);
        let marker = state.markers.get(p.id);
        if (!marker) {
            marker = L.circleMarker([p.lat, p.lng], { radius: 8, color: "#ffffff", weight: 2, fillColor: "#2e7d32", fillOpacity: 1 })
                .on("click", () => state.dotnet.invokeMethodAsync("Selected", p.id)).addTo(state.map);
            state.markers.set(p.id, marker);
        }
        marker.setLatLng([p.lat, p.lng]);
        marker.unbindTooltip().bindTooltip(() => label(p.name, p.at));
    }
    for (const [id, marker] of state.markers) {
        if (!seen.has(id)) {
            marker.remove();
            state.markers.delete(id);
        }
    }
    element.dataset.markers = String(state.markers.size);
    // For tests and screen readers of the page's state: where each marker is now.
    element.dataset.positions = patrollers.map(p => `${p.id}:${p.lat.toFixed(6)},${p.lng.toFixed(6)}`).join(";");
}

// An incident room (docs/decisions/0075-major-incident-command.md): the incident's marker and the radius searched for
// patrollers and cameras, the map centred on them.
export function focus(element, lat, lng, radius, name) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    const L = window.L;
    state.focus?.remove();
    state.focus = L.layerGroup([
        L.circle([lat, lng], { radius, color: "#c62828", weight: 1.5, fillOpacity: 0.06, interactive: false }),
        L.circleMarker([lat, lng], { radius: 10, color: "#ffffff", weight: 3, fillColor: "#c62828", fillOpacity: 1 }).bindTooltip(() => label(name)),
    ]).addTo(state.map);
    state.map.fitBounds(L.latLng(lat, lng).toBounds(radius * 2.2), { animate: false });
    element.dataset.focus = `${lat.toFixed(6)},${lng.toFixed(6)}`;
}

// The cameras near an incident, drawn as the district map's camera layer draws them; a click opens the live view in the room.
export function cameras(element, list) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    state.cameras?.remove();
    state.cameras = window.L.layerGroup(list.map(c => cameraMarker(window.L, c, () => state.dotnet.invokeMethodAsync("CameraClicked", c.id)))).addTo(state.map);
    element.dataset.cameras = String(list.length);
}

export function track(element, flat, startMs, stops) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    const L = window.L;
    state.trackLayer.clearLayers();
    state.points = [];
    for (let i = 0; i + 2 < flat.length; i += 3) {
        state.points.push([flat[i], flat[i + 1], flat[i + 2]]);
    }
    state.start = startMs;
    element.dataset.trackPoints = String(state.points.length);
    if (state.points.length === 0) {
        return;
    }
    const line = L.polyline(state.points.map(([, lat, lng]) => [lat, lng]), { color: "#6a1b9a", weight: 3, opacity: 0.8 }).addTo(state.trackLayer);
    for (const [lat, lng] of stops) {
        L.circleMarker([lat, lng], { radius: 7, color: "#e65100", weight: 2, fill: false }).addTo(state.trackLayer);
    }
    state.cursor = L.circleMarker(state.points[0].slice(1), { radius: 7, color: "#ffffff", weight: 2, fillColor: "#6a1b9a", fillOpacity: 1 }).addTo(state.trackLayer);
    state.walked = L.polyline([], { color: "#ab47bc", weight: 5, opacity: 0.9 }).addTo(state.trackLayer);
    state.map.fitBounds(line.getBounds(), { padding: [20, 20], animate: false });
    state.slider.value = "1000";
    seek(state, 1000);
}

// The slider runs 0…1000 over the shift's time; the cursor sits on the last fix at or before that moment.
function seek(state, value) {
    const points = state.points;
    if (!points.length) {
        return;
    }
    const last = points[points.length - 1][0];
    const t = points[0][0] + (last - points[0][0]) * value / 1000;
    let lo = 0, hi = points.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (points[mid][0] <= t) lo = mid; else hi = mid - 1;
    }
    state.cursor.setLatLng(points[lo].slice(1));
    state.walked.setLatLngs(points.slice(0, lo + 1).map(([, lat, lng]) => [lat, lng]));
    state.time.textContent = new Date(state.start + points[lo][0] * 1000).toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    state.map.getContainer().dataset.cursor = String(lo);
}

export function play(element) {
    const state = maps.get(element);
    if (!state?.points.length) {
        return;
    }
    clearInterval(state.playing);
    let value = Number(state.slider.value) >= 1000 ? 0 : Number(state.slider.value);
    state.playing = setInterval(() => {
        value = Math.min(1000, value + 5);
        state.slider.value = String(value);
        seek(state, value);
        if (value >= 1000) {
            clearInterval(state.playing);
        }
    }, 50);
}

export function destroy(element) {
    const state = maps.get(element);
    clearInterval(state?.playing);
    state?.map.remove();
    maps.delete(element);
}

// The needs layer (docs/decisions/0057-community-needs.md): one circle per building or grid with open needs, sized by the
// count, over the community outlines of the caller's scope. Counts and kinds only: no resident is drawn or named.
import { load, baseMap, fit, label, json } from "../Maps/DistrictMap.razor.js";

const maps = new WeakMap();

export async function create(element, options) {
    const L = await load();
    const map = baseMap(L, element, options);
    const communities = await json("/api/map/regions/community");
    const outline = L.geoJSON(communities, { style: { color: "#1f4e99", weight: 1.5, fill: false, dashArray: "4 3" }, interactive: false }).addTo(map);
    const state = { map, outline, layer: L.layerGroup().addTo(map) };
    maps.set(element, state);
    await draw(element, options.level);
}

export async function draw(element, level) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    const L = window.L;
    const answer = await json(`/api/community/needs/map?by=${encodeURIComponent(level)}`);
    state.layer.clearLayers();
    for (const p of answer.points) {
        state.layer.addLayer(L.circleMarker([p.lat, p.lng], { radius: 6 + Math.min(18, p.count * 2), color: "#ffffff", weight: 1, fillColor: "#e65100", fillOpacity: 0.8 })
            .bindTooltip(() => label(`${p.name} · ${p.count}`, ...p.kinds)));
    }
    // The scope's communities frame the view; a needs-only frame would zoom a single building to street level.
    fit(state.map, state.outline.getLayers().length ? state.outline : L.featureGroup(state.layer.getLayers()));
    element.dataset.points = String(answer.points.length);
    element.dataset.needs = String(answer.points.reduce((s, p) => s + p.count, 0));
    element.dataset.ready = "true";
}

export function destroy(element) {
    maps.get(element)?.map.remove();
    maps.delete(element);
}

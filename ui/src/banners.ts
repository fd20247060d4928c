// Banners above the editor: one per kind (a file changed on disk, recovered text, ...).
import { $, h } from "./dom";

export type BannerAction = [label: string, cls: string, run: () => void];

// The latest action of each banner button; a button runs whatever its banner last offered.
const bannerActions = new WeakMap<HTMLButtonElement, () => void>();

export function banner(kind: string, text: string, actions: BannerAction[]): HTMLElement {
  // One file save can arrive as several watcher events. Updating the banner in place keeps
  // the button under the user's pointer the same element, now running the newest action.
  const existing = document.querySelector<HTMLElement>(`#banners .banner[data-kind="${kind}"]`);
  const buttons = existing ? [...existing.querySelectorAll<HTMLButtonElement>("button")] : [];
  const sameButtons = buttons.length === actions.length
    && actions.every(([label, cls], i) => buttons[i].className === cls && buttons[i].textContent === label);
  if (existing && sameButtons) {
    existing.querySelector(".text")!.textContent = text;
    actions.forEach(([, , run], i) => bannerActions.set(buttons[i], run));
    return existing;
  }
  existing?.remove();
  const el = h("div", { class: "banner", "data-kind": kind }, h("span", { class: "text" }, text));
  for (const [label, cls, run] of actions) {
    const button = h("button", { class: cls }, label);
    bannerActions.set(button, run);
    button.onclick = () => {
      el.remove();
      bannerActions.get(button)?.();
    };
    el.append(button);
  }
  $("banners").append(el);
  return el;
}

export function clearBanner(kind: string): void {
  document.querySelector(`#banners .banner[data-kind="${kind}"]`)?.remove();
}

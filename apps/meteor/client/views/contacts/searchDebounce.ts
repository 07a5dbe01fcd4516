/** A pause this long in typing sends one search (Rocket.Chat's tables debounce by about as much). */
export const SEARCH_DEBOUNCE_MS = 400;

// Colour themes. The app names the few colours it uses by what they mean in the ANSI palette (red
// failed, yellow in between, green fine, cyan keys, magenta Live Tail, gray quiet); a theme says how
// each is drawn. dark (the default) keeps the terminal's own ANSI colours, which dark palettes are
// tuned for; light uses darker shades that stay readable on white; high-contrast the bright ones;
// terminal draws no colour at all, only bold, dim and inverse (the terminal's default foreground).
// NO_COLOR still wins over every theme. Every state also shows without colour: a word (STOPPED,
// UNHEALTHY) or the `!` column of services and tasks.
import {createContext, useContext} from 'react';

export type ColorName = 'red' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'gray';
export const themeNames = ['dark', 'light', 'high-contrast', 'terminal'] as const;
export type ThemeName = (typeof themeNames)[number];

export interface Theme {
	name: ThemeName;
	/** How each colour is drawn (an Ink colour: a name or #rrggbb); undefined: the terminal's foreground. */
	colors: Readonly<Record<ColorName, string | undefined>>;
}

const themes: Record<ThemeName, Theme> = {
	dark: {name: 'dark', colors: {red: 'red', yellow: 'yellow', green: 'green', cyan: 'cyan', magenta: 'magenta', gray: 'gray'}},
	light: {name: 'light', colors: {red: '#b00000', yellow: '#8a5a00', green: '#006b00', cyan: '#005f87', magenta: '#870087', gray: '#5f5f5f'}},
	'high-contrast': {name: 'high-contrast', colors: {red: 'redBright', yellow: 'yellowBright', green: 'greenBright', cyan: 'cyanBright', magenta: 'magentaBright', gray: 'whiteBright'}},
	terminal: {name: 'terminal', colors: {red: undefined, yellow: undefined, green: undefined, cyan: undefined, magenta: undefined, gray: undefined}},
};

export const defaultTheme = themes.dark;

/** A theme by name (the config file's `theme`, ECS_TOP_THEME); undefined for an unknown name. */
export function themeFromName(name: string | undefined): Theme | undefined {
	if (name === undefined) return undefined;
	const key = name.trim().toLowerCase();
	if (key === 'default') return defaultTheme;
	if (key === 'terminal-default') return themes.terminal;
	return (themeNames as readonly string[]).includes(key) ? themes[key as ThemeName] : undefined;
}

/** ECS_TOP_THEME, else the default (an unknown name falls back to the default too). */
export function themeFromEnv(env: NodeJS.ProcessEnv = process.env): Theme {
	return themeFromName(env.ECS_TOP_THEME) ?? defaultTheme;
}

/** How `name` is drawn in `theme` (names the theme does not know pass through). */
export function paint(theme: Theme, name: string | undefined): string | undefined {
	if (name === undefined) return undefined;
	return name in theme.colors ? theme.colors[name as ColorName] : name;
}

export const ThemeContext = createContext<Theme>(defaultTheme);

/** The app's theme: components draw colours through it (`paint(theme, 'red')`). */
export function useTheme(): Theme {
	return useContext(ThemeContext);
}

// Vite turns CSS imports into the bundle's stylesheet; to TypeScript they are side-effect imports.
declare module '*.css';

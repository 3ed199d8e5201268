/**
 * Demo people for `petamigos seed`: mostly from Mexico (the platform's first community), some
 * from elsewhere, each with a pet in the bio. Generated from a fixed seed, so the n-th person is
 * always the same one: running seed again finds the same usernames and skips them.
 */
export interface DemoPerson {
  username: string;
  email: string;
  displayName: string;
  bio: string;
  language: string;
  timezone: string;
  /** The pet in the bio, for the social plugin's pet profile. */
  pet: { name: string; species: 'dog' | 'cat' | 'bird' | 'rabbit' };
}

interface Place {
  city: string;
  timezone: string;
  language: 'es-MX' | 'en' | 'pt-BR' | 'es';
}

const PLACES: Place[] = [
  { city: 'Ciudad de México', timezone: 'America/Mexico_City', language: 'es-MX' },
  { city: 'Guadalajara', timezone: 'America/Mexico_City', language: 'es-MX' },
  { city: 'Monterrey', timezone: 'America/Monterrey', language: 'es-MX' },
  { city: 'Oaxaca', timezone: 'America/Mexico_City', language: 'es-MX' },
  { city: 'Mérida', timezone: 'America/Merida', language: 'es-MX' },
  { city: 'Puebla', timezone: 'America/Mexico_City', language: 'es-MX' },
  { city: 'Tijuana', timezone: 'America/Tijuana', language: 'es-MX' },
  { city: 'Querétaro', timezone: 'America/Mexico_City', language: 'es-MX' },
  { city: 'San Antonio', timezone: 'America/Chicago', language: 'en' },
  { city: 'Los Ángeles', timezone: 'America/Los_Angeles', language: 'en' },
  { city: 'São Paulo', timezone: 'America/Sao_Paulo', language: 'pt-BR' },
  { city: 'Bogotá', timezone: 'America/Bogota', language: 'es' },
  { city: 'Madrid', timezone: 'Europe/Madrid', language: 'es' },
];

const FIRST_NAMES: Record<Place['language'], string[]> = {
  'es-MX': ['Ana', 'José', 'Guadalupe', 'Juan', 'María', 'Luis', 'Ximena', 'Diego', 'Fernanda', 'Alejandro', 'Sofía', 'Carlos', 'Valeria', 'Miguel', 'Itzel', 'Jorge', 'Renata', 'Emiliano', 'Citlali', 'Santiago', 'Paola', 'Héctor', 'Daniela', 'Rodrigo'],
  es: ['Lucía', 'Mateo', 'Camila', 'Andrés', 'Isabella', 'Pablo'],
  en: ['Emily', 'Jake', 'Olivia', 'Marcus', 'Hannah', 'Tyler'],
  'pt-BR': ['Beatriz', 'João', 'Larissa', 'Thiago', 'Gabriela', 'Rafael'],
};

const LAST_NAMES: Record<Place['language'], string[]> = {
  'es-MX': ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Mendoza', 'Ruiz'],
  es: ['Fernández', 'Castro', 'Ortega', 'Navarro', 'Romero', 'Vargas'],
  en: ['Miller', 'Johnson', 'Carter', 'Nguyen', 'Brooks', 'Patel'],
  'pt-BR': ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Almeida'],
};

interface Pet {
  name: string;
  kind: Record<Place['language'], string>;
}

const PETS: Pet[] = [
  { name: 'Canela', kind: { 'es-MX': 'una xoloitzcuintle', es: 'una galga rescatada', en: 'a rescued greyhound', 'pt-BR': 'uma vira-lata caramelo' } },
  { name: 'Firulais', kind: { 'es-MX': 'un chihuahueño con mucha actitud', es: 'un bodeguero', en: 'a very loud chihuahua', 'pt-BR': 'um chihuahua valente' } },
  { name: 'Michi', kind: { 'es-MX': 'una gata naranja', es: 'una gata atigrada', en: 'an orange tabby', 'pt-BR': 'uma gata laranja' } },
  { name: 'Chispa', kind: { 'es-MX': 'una border collie', es: 'una border collie', en: 'a border collie', 'pt-BR': 'uma border collie' } },
  { name: 'Tlacuache', kind: { 'es-MX': 'un perro callejero adoptado', es: 'un mestizo adoptado', en: 'an adopted mutt', 'pt-BR': 'um vira-lata adotado' } },
  { name: 'Luna', kind: { 'es-MX': 'una labradora', es: 'una labradora', en: 'a black lab', 'pt-BR': 'uma labradora' } },
  { name: 'Pancho', kind: { 'es-MX': 'un loro que dice "buenos días"', es: 'un periquito', en: 'a parrot who says "hola"', 'pt-BR': 'um papagaio falante' } },
  { name: 'Nube', kind: { 'es-MX': 'una coneja blanca', es: 'una coneja enana', en: 'a dwarf rabbit', 'pt-BR': 'uma coelha branca' } },
  { name: 'Tamal', kind: { 'es-MX': 'un salchicha', es: 'un teckel', en: 'a dachshund', 'pt-BR': 'um salsicha' } },
  { name: 'Coco', kind: { 'es-MX': 'un gato siamés', es: 'un gato siamés', en: 'a Siamese cat', 'pt-BR': 'um gato siamês' } },
  { name: 'Frida', kind: { 'es-MX': 'una pug', es: 'una carlina', en: 'a pug', 'pt-BR': 'uma pug' } },
  { name: 'Pelusa', kind: { 'es-MX': 'una persa muy peluda', es: 'una gata persa', en: 'a fluffy Persian', 'pt-BR': 'uma persa peluda' } },
];

const BIOS: Record<Place['language'], Array<(pet: string, kind: string, age: number, city: string) => string>> = {
  'es-MX': [
    (p, k, a, c) => `Vivo en ${c} con ${p}, ${k} de ${a} años. Paseos largos y tacos los domingos 🐾`,
    (p, k, a, c) => `${p} (${k}, ${a} años) manda en esta casa. Desde ${c}.`,
    (p, k, a, c) => `Adopté a ${p}, ${k}, hace ${a} años y no me arrepiento. ${c} 🇲🇽`,
  ],
  es: [(p, k, a, c) => `En ${c} con ${p}, ${k} de ${a} años. Adopta, no compres.`, (p, k, a) => `${p} es ${k} de ${a} años y la reina del sofá.`],
  en: [(p, k, a, c) => `${c}. Human of ${p}, ${k} (${a} y/o) who steals socks.`, (p, k, a) => `Weekend hikes with ${p}, ${k}, age ${a}. Adopt, don't shop.`],
  'pt-BR': [(p, k, a, c) => `Em ${c} com ${p}, ${k} de ${a} anos 🐶`, (p, k, a) => `${p} é ${k} de ${a} anos e dona da casa.`],
};

/** Mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The first `count` demo people, always the same ones in the same order. */
export function demoPeople(count: number, seed = 2026): DemoPerson[] {
  const next = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const people: DemoPerson[] = [];
  const taken = new Set<string>();
  while (people.length < count) {
    const place = pick(PLACES);
    const first = pick(FIRST_NAMES[place.language]);
    const last = pick(LAST_NAMES[place.language]);
    let username = `${ascii(first)}_${ascii(last)}`.slice(0, 26);
    for (let n = 2; taken.has(username); n++) username = `${ascii(first)}_${ascii(last)}`.slice(0, 26) + n;
    taken.add(username);
    const pet = pick(PETS);
    const bio = pick(BIOS[place.language])(pet.name, pet.kind[place.language], 1 + Math.floor(next() * 12), place.city);
    const kind = pet.kind.en;
    const species = /cat|tabby|siamese/i.test(kind) ? 'cat' : /parrot|bird/i.test(kind) ? 'bird' : /rabbit/i.test(kind) ? 'rabbit' : 'dog';
    people.push({ username, email: `${username}@example.com`, displayName: `${first} ${last}`, bio, language: place.language === 'es' ? 'es-MX' : place.language, timezone: place.timezone, pet: { name: pet.name, species } });
  }
  return people;
}

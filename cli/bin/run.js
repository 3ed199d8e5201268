#!/usr/bin/env node
// The CLI ships as compiled JavaScript (dist/) so it starts fast and needs no TypeScript loader.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });

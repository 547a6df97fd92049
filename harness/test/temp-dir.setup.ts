import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

// Test runs write scenarios, results and reports into temp folders; none may outlive its file.
afterAll(removeTempDirs);

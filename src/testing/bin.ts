#!/usr/bin/env node
// partner-center-orders-emulator: see command.ts.
import { runEmulatorCommand } from "./command.js";

process.exitCode = await runEmulatorCommand(process.argv.slice(2));

/**
 * partner-center-orders/testing: a stateful emulator of the Orders service for your own tests. Every
 * request it accepts and every answer it gives is checked against the bundled OpenAPI description.
 * Needs the optional peers ajv and ajv-formats; the main entry point does not load any of this.
 */
export { EMULATOR_USAGE, type EmulatorCommandIo, runEmulatorCommand } from "./command.js";
export {
  type AddOrderInput,
  type Emulator,
  type EmulatorOptions,
  type EmulatorViolation,
  type Order,
  type RecordedRequest,
  startEmulator,
} from "./emulator.js";
export type { FaultKind, FaultRule } from "./faults.js";

export {
  DATA_KEY_FILE,
  type KeyringLog,
  type ResolveKeyringOptions,
  resolveKeyring,
} from "./data-key.js";
export {
  type AssociatedData,
  type DataKey,
  DataKeyError,
  GENERATE_DATA_KEY_COMMAND,
  generateDataKey,
  Keyring,
  parseDataKey,
  SealError,
} from "./keyring.js";

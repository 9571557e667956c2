/**
 * Setting accounts up (Set and Clear Credentials, Add, Rename and Remove Account, Set Account Base
 * URL, Try the Local Sandbox, Forget Approved Hosts, Set Account Protection): a bundle of its own,
 * dist/setup.js, required on first use by src/commands/setup.ts (which registers the commands and
 * hands over the extension's own modules in SHARED). Each is run a few times in an account's life.
 */
export { clearCredentials, forgetHostApprovals, setCredentials, trySandbox } from './credentials';
export { addAccount, removeAccount, renameAccount, setAccountBaseUrl } from './accounts';
export { setAccountProtection } from './protection';

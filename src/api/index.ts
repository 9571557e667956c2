export { sign, unixSeconds } from './sign';

// Derives, for each {xpub, path} read as JSON from stdin, the child extended public key and its Ethereum address
// with ethers' HDNodeWallet (argv[2] = path of ethers' lib.esm/index.js) and prints [{xpub, address}] as JSON.
// Independent of the C# code under test.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const { HDNodeWallet } = await import(pathToFileURL(process.argv[2]).href);
const items = JSON.parse(readFileSync(0, 'utf8'));
const derived = items.map(({ xpub, path }) => {
  const node = path === '' ? HDNodeWallet.fromExtendedKey(xpub) : HDNodeWallet.fromExtendedKey(xpub).derivePath(path);
  return { xpub: node.extendedKey, address: node.address };
});
process.stdout.write(JSON.stringify(derived));

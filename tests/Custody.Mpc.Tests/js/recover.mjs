// Recovers the signer address of each {hash, r, s, v} read as JSON from stdin with ethers (argv[2] = path of
// ethers' lib.esm/index.js) and prints the addresses as a JSON array. Independent of the C# code under test.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const { recoverAddress, Signature } = await import(pathToFileURL(process.argv[2]).href);
const items = JSON.parse(readFileSync(0, 'utf8'));
const addresses = items.map(({ hash, r, s, v }) => recoverAddress(hash, Signature.from({ r, s, v })));
process.stdout.write(JSON.stringify(addresses));

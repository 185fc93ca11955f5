// ethers 6 counterpart of `custody bench ethereum`: the same EIP-1559 transactions, the same work
// (sign + serialize; parse + recover sender), timed in this node process.
// Usage: node ethers-bench.mjs <path to eng/node/node_modules> <seconds per measurement>
// Prints one JSON line: {"signEncodePerSecond": n, "decodeRecoverPerSecond": n, "ethers": "6.x"}.
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.argv[2], "noop.js"));
const { Transaction, SigningKey, version } = require("ethers");
const seconds = Number(process.argv[3] ?? "2");

const key = new SigningKey("0x" + "46".repeat(32));
const template = (nonce) => Transaction.from({
  type: 2,
  chainId: 1n,
  nonce,
  maxPriorityFeePerGas: 1_500_000_000n,
  maxFeePerGas: 30_000_000_000n,
  gasLimit: 65_000n,
  to: "0x" + "35".repeat(20),
  value: 1_000_000_000_000_000_000n,
  data: "0xa9059cbb" + "00".repeat(12) + "35".repeat(20) + "00".repeat(31) + "01",
});

function measure(work) {
  // Warm up, then count whole iterations until the time budget is spent.
  for (let i = 0; i < 200; i++) work(i);
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let elapsed = 0n;
  while ((elapsed = process.hrtime.bigint() - start) < budget) {
    work(count++);
  }
  return count / (Number(elapsed) / 1e9);
}

const signEncode = measure((i) => {
  const tx = template(i);
  tx.signature = key.sign(tx.unsignedHash);
  return tx.serialized;
});

const raws = [];
for (let i = 0; i < 256; i++) {
  const tx = template(i);
  tx.signature = key.sign(tx.unsignedHash);
  raws.push(tx.serialized);
}
const decodeRecover = measure((i) => Transaction.from(raws[i % raws.length]).from);

process.stdout.write(JSON.stringify({ signEncodePerSecond: signEncode, decodeRecoverPerSecond: decodeRecover, ethers: version }) + "\n");

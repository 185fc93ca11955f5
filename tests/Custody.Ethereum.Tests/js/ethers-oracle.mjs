// Cross-check oracle: answers one JSON line per request line on stdin, using ethers 6.
// Usage: node ethers-oracle.mjs <path to eng/node/node_modules>
// Requests:
//   {"op":"sign","key":"0x..","tx":{...custody JSON notation...}}
//     -> {"unsigned","signingHash","signed","hash","from"}
//   {"op":"parse","raw":"0x.."} -> {"tx":{...notation...},"yParity","r","s","from","hash","signingHash"}
// Errors are answered as {"error":"message"}; the process keeps serving.
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.argv[2], "noop.js"));
const { Transaction, SigningKey, getAddress } = require("ethers");

function toEthers(tx) {
  const out = {
    type: tx.type,
    chainId: BigInt(tx.chainId),
    nonce: Number(tx.nonce),
    to: tx.to ?? null,
    value: BigInt(tx.value ?? "0"),
    data: tx.data ?? "0x",
    gasLimit: BigInt(tx.gasLimit),
  };
  if (tx.type === 2) {
    out.maxFeePerGas = BigInt(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = BigInt(tx.maxPriorityFeePerGas);
  } else {
    out.gasPrice = BigInt(tx.gasPrice);
  }
  if (tx.type !== 0) out.accessList = tx.accessList ?? [];
  return Transaction.from(out);
}

function fromEthers(t) {
  const tx = {
    type: t.type,
    chainId: t.chainId.toString(),
    nonce: t.nonce.toString(),
    to: t.to === null ? null : getAddress(t.to),
    value: t.value.toString(),
    data: t.data,
    gasLimit: t.gasLimit.toString(),
  };
  if (t.type === 2) {
    tx.maxFeePerGas = t.maxFeePerGas.toString();
    tx.maxPriorityFeePerGas = t.maxPriorityFeePerGas.toString();
  } else {
    tx.gasPrice = t.gasPrice.toString();
  }
  if (t.type !== 0) {
    tx.accessList = t.accessList.map((e) => ({ address: getAddress(e.address), storageKeys: e.storageKeys }));
  }
  return tx;
}

function handle(request) {
  switch (request.op) {
    case "sign": {
      const t = toEthers(request.tx);
      const unsigned = t.unsignedSerialized;
      const signingHash = t.unsignedHash;
      t.signature = new SigningKey(request.key).sign(signingHash);
      return { unsigned, signingHash, signed: t.serialized, hash: t.hash, from: t.from };
    }
    case "parse": {
      const t = Transaction.from(request.raw);
      return {
        tx: fromEthers(t),
        yParity: t.signature.yParity,
        r: BigInt(t.signature.r).toString(),
        s: BigInt(t.signature.s).toString(),
        from: t.from,
        hash: t.hash,
        signingHash: t.unsignedHash,
      };
    }
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === "") continue;
  let answer;
  try {
    answer = handle(JSON.parse(line));
  } catch (e) {
    answer = { error: String(e?.message ?? e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}

// Preloaded before the vendor's fetch() examples (node -r): console.log prints JSON instead of
// Node's inspect format, so the test can compare the answer. The examples run unchanged.
console.log = (value) => process.stdout.write(JSON.stringify(value) + "\n");

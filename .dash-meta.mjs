import * as esbuild from 'esbuild';
const stub = { name: 's', setup(b) { b.onResolve({ filter: /^(whatwg-url|encoding)$/ }, (a) => ({ path: a.path, namespace: 'x' })); b.onLoad({ filter: /.*/, namespace: 'x' }, () => ({ contents: 'module.exports={}', loader: 'js' })); b.onResolve({ filter: /^\.\/phoneLib$/ }, () => ({ path: './phoneLib.js', external: true })); } };
const r = await esbuild.build({ entryPoints: [process.argv[2]], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], plugins: [stub], minify: true, write: false, metafile: true, define: { LAAFFIC_PNS_TEST_BUILD: 'false' }, absWorkingDir: process.cwd(), outfile: '/tmp/x.js', charset: 'utf8' });
const out = Object.values(r.metafile.outputs)[0];
console.log('total', out.bytes);
const by = Object.entries(out.inputs).map(([f, v]) => [f, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
for (const [f, b] of by.slice(0, +(process.argv[3] ?? 15))) console.log(b, f);

/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import assert from 'node:assert/strict';

import { XMLParser } from 'fast-xml-parser';

import {
	XmlSyntaxError,
	childElements,
	findDescendants,
	findElement,
	getAttribute,
	getValue,
	parseXml,
	type XmlElement,
} from '../../nodes/Specter/wire';

describe('parseXml', () => {
	it('reads elements, attributes in both quote styles, text, CDATA, comments, PIs and self-closing tags', () => {
		const root = parseXml(
			`\uFEFF<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- head --><?app x?>\n<response a="1" b='two "quoted"'>\n` +
				`  text &lt;&gt;&amp;&quot;&apos; &#229;&#xE4;&#xF6;` +
				`<![CDATA[<raw & "cdata">]]><!-- inner --><?pi inside?><empty/><Child c = "x" >deep</Child>\n</response><!-- tail -->\n`,
		);
		assert.equal(root.name, 'response');
		assert.deepEqual(root.attributes, { a: '1', b: 'two "quoted"' });
		assert.equal(root.text, `\n  text <>&"' åäö<raw & "cdata">\n`);
		assert.deepEqual(
			root.children.map((child) => [child.name, child.attributes, child.text]),
			[
				['empty', {}, ''],
				['Child', { c: 'x' }, 'deep'],
			],
		);
	});

	it('decodes decimal and hex character references outside the BMP and normalises line endings', () => {
		const root = parseXml('<a t="x&#9;y\tz">&#128512;&#x1F600;\r\nline\rnext&#13;</a>');
		assert.equal(root.text, '😀😀\nline\nnext\r');
		assert.equal(root.attributes.t, 'x\ty z');
	});

	it('helpers find descendants, children, attributes and values case-insensitively', () => {
		const root = parseXml('<R><APIResponse><Code>99</Code></APIResponse><x><apiresponse ID="7"><id>child</id></apiresponse></x></R>');
		assert.deepEqual(findDescendants(root, 'apiresponse').map((element) => element.name), ['APIResponse', 'apiresponse']);
		assert.equal(findElement(root, 'r'), root);
		assert.equal(findElement(root, 'CODE')?.text, '99');
		assert.equal(findElement(root, 'missing'), undefined);
		const second = findDescendants(root, 'APIRESPONSE')[1];
		assert.equal(getAttribute(second, 'id'), '7');
		assert.equal(getValue(second, 'Id'), '7', 'attributes win over child elements');
		assert.equal(getValue(findDescendants(root, 'apiresponse')[0], 'code'), '99');
		assert.equal(childElements(root, 'X').length, 1);
	});

	it('parses deep nesting without recursion limits', () => {
		const depth = 20000;
		const root = parseXml(`${'<d>'.repeat(depth)}x${'</d>'.repeat(depth)}`);
		assert.equal(findDescendants(root, 'd').length, depth - 1);
	});

	it('throws XmlSyntaxError for malformed documents', () => {
		const malformed = [
			'',
			'   ',
			'just text',
			'<a>',
			'<a><b></a>',
			'<a></b>',
			'</a>',
			'<a><b></b>',
			'<a></a><b></b>',
			'<a></a>trailing',
			'<a><!-- unclosed</a>',
			'<a><![CDATA[unclosed</a>',
			'<a><?pi unclosed</a>',
			'<a>&unknown;</a>',
			'<a>& bare</a>',
			'<a>&amp</a>',
			'<a>&#;</a>',
			'<a>&#0;</a>',
			'<a>&#xD800;</a>',
			'<a>&#x110000;</a>',
			'<a>&#12a;</a>',
			'<a b=unquoted></a>',
			'<a b="1" b="2"></a>',
			'<a b="<"></a>',
			'<a b="1"c="2"></a>',
			'<a b></a>',
			'<a b="unclosed></a>',
			'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
			'<a><!ELEMENT x></a>',
			'<1a></1a>',
			'<a>< b/></a>',
			'<a',
		];
		for (const document of malformed) {
			assert.throws(() => parseXml(document), XmlSyntaxError, JSON.stringify(document));
		}
	});
});

// ---- differential test against fast-xml-parser on generated documents ----

/** mulberry32: a small seeded PRNG, so a failing document can be regenerated from its seed. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Generator {
	pick<T>(items: readonly T[]): T;
	int(max: number): number;
}

function generator(seed: number): Generator {
	const random = seededRandom(seed);
	return {
		pick: (items) => items[Math.floor(random() * items.length)],
		int: (max) => Math.floor(random() * (max + 1)),
	};
}

const NAMES = ['response', 'APIresponse', 'article', 'articleNo', 'stock', 'a', 'B', 'x-y', 'p.q', '_u', 'ns:tag', 'n1', 'örder'];
const ATTRIBUTE_NAMES = ['id', 'orderNo', 'statusId', 'trackingNo', 'a-b', 'x.y', '_z', 'ns:at', 'värde'];
const PLAIN = ['abc', 'Åsa', 'öl', ' ', '  ', '123', '1,50', 'x>y', "it's", 'say "hi"', '€', '😀', '東京', ']', ']]'];
const ENTITIES = ['&lt;', '&gt;', '&amp;', '&quot;', '&apos;'];
// Left out because of fast-xml-parser quirks (not ours): &#38; (it decodes `&#38;amp;` twice, to "&") and
// &#160; (its HTML entity table turns the decimal form into a plain space)
const CODE_POINTS = [9, 10, 32, 34, 39, 60, 62, 65, 97, 197, 228, 229, 246, 0x20ac, 0x263a, 0x4e2d, 0x1f600];

function characterReference(g: Generator): string {
	const codePoint = g.pick(CODE_POINTS);
	return g.int(1) === 0 ? `&#${codePoint};` : `&#x${codePoint.toString(16)};`;
}

function textPiece(g: Generator, whitespace: readonly string[]): string {
	const kind = g.int(3);
	if (kind === 0) return g.pick(ENTITIES);
	if (kind === 1) return characterReference(g);
	return g.pick([...PLAIN, ...whitespace]);
}

function randomText(g: Generator, whitespace: readonly string[]): string {
	let text = '';
	for (let i = g.int(4); i > 0; i--) text += textPiece(g, whitespace);
	return text;
}

function attributeValue(g: Generator, quote: string): string {
	// literal tabs/newlines in attribute values are normalised to spaces by XML (and by us), not by fast-xml-parser
	const raw = randomText(g, []);
	return raw.split(quote).join(quote === '"' ? '&quot;' : '&apos;');
}

function randomElement(g: Generator, depth: number): string {
	const name = g.pick(NAMES);
	const attributeNames = ATTRIBUTE_NAMES.filter(() => g.int(4) === 0);
	const attributes = attributeNames
		.map((attribute) => {
			const quote = g.pick(['"', "'"]);
			const spacing = g.pick(['', ' ', '\n  ']);
			return ` ${attribute}${spacing}=${spacing}${quote}${attributeValue(g, quote)}${quote}`;
		})
		.join('');
	if (g.int(5) === 0) return `<${name}${attributes}${g.pick(['', ' '])}/>`;
	let content = '';
	for (let i = g.int(depth > 0 ? 5 : 2); i > 0; i--) {
		const kind = g.int(9);
		if (kind <= 3 && depth > 0) content += randomElement(g, depth - 1);
		else if (kind <= 6) content += randomText(g, ['\n', '\t', '\n    ']);
		else if (kind === 7) content += `<![CDATA[${g.pick(['', 'raw <b> & "q"', ' ]] ', 'Å&amp;'])}]]>`;
		else content += g.pick(['<!-- comment -->', '<!---->', '<!-- a > b & c -->', '<?pi some data?>']);
	}
	return `<${name}${attributes}${g.pick(['', ' ', '\n'])}>${content}</${name}${g.pick(['', ' '])}>`;
}

interface GeneratedDocument {
	prolog: string;
	root: string;
	epilogue: string;
}

function randomDocument(seed: number): GeneratedDocument {
	const g = generator(seed);
	return {
		prolog: g.pick(['', '<?xml version="1.0" encoding="ISO-8859-1"?>\n', '<!-- start -->\n', '<?xml version="1.0"?><!-- c -->']),
		root: randomElement(g, 4),
		epilogue: g.pick(['', '\n', '\n<!-- end -->\n']),
	};
}

interface Projection {
	name: string;
	attributes: Array<[string, string]>;
	text: string;
	children: Projection[];
}

function projectOurs(element: XmlElement): Projection {
	return {
		name: element.name,
		attributes: Object.keys(element.attributes)
			.sort()
			.map((name): [string, string] => [name, element.attributes[name]]),
		text: element.text,
		children: element.children.map(projectOurs),
	};
}

type FxpNode = Record<string, unknown>;

function projectFxp(node: FxpNode): Projection {
	const name = Object.keys(node).find((key) => key !== ':@') as string;
	const attributes = (node[':@'] ?? {}) as Record<string, string>;
	let text = '';
	const children: Projection[] = [];
	for (const child of node[name] as FxpNode[]) {
		if ('#text' in child) text += String(child['#text']);
		else if ('#cdata' in child) text += (child['#cdata'] as FxpNode[]).map((part) => String(part['#text'])).join('');
		else if (!('#comment' in child)) children.push(projectFxp(child));
	}
	return {
		name,
		attributes: Object.keys(attributes)
			.sort()
			.map((key): [string, string] => [key, attributes[key]]),
		text,
		children,
	};
}

const fxp = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	allowBooleanAttributes: false,
	trimValues: false,
	parseTagValue: false,
	parseAttributeValue: false,
	processEntities: true,
	htmlEntities: true,
	cdataPropName: '#cdata',
	commentPropName: '#comment',
	ignoreDeclaration: true,
	ignorePiTags: true,
});

function fxpRoot(document: string): Projection {
	const nodes = (fxp.parse(document) as FxpNode[]).filter((node) => !('#comment' in node) && !('#text' in node));
	assert.equal(nodes.length, 1, 'fast-xml-parser found one root');
	return projectFxp(nodes[0]);
}

describe('parseXml against fast-xml-parser (generated documents)', () => {
	const DOCUMENTS = 400;

	it(`agrees on ${DOCUMENTS} seeded random documents`, () => {
		const countElements = (projection: Projection): number =>
			1 + projection.children.reduce((total, child) => total + countElements(child), 0);
		const depthOf = (projection: Projection): number => 1 + Math.max(0, ...projection.children.map(depthOf));
		let elements = 0;
		let deepest = 0;
		for (let seed = 1; seed <= DOCUMENTS; seed++) {
			const { prolog, root, epilogue } = randomDocument(seed);
			const document = prolog + root + epilogue;
			const ours = projectOurs(parseXml(document));
			assert.deepEqual(ours, fxpRoot(document), `seed ${seed}: ${document}`);
			elements += countElements(ours);
			deepest = Math.max(deepest, depthOf(ours));
		}
		assert.ok(elements > DOCUMENTS * 3 && deepest >= 5, `nested documents (${elements} elements, depth ${deepest})`);
	});

	it('rejects corrupted versions of the same documents', () => {
		for (let seed = 1; seed <= 100; seed++) {
			const { prolog, root, epilogue } = randomDocument(seed);
			const corruptions = [
				root.slice(0, -1), // the root's last '>' is missing
				`<outer>${root}</outerX>`, // mismatched closing tag
				`<outer>${root}`, // unclosed element
				`<outer>& ${root}</outer>`, // bare ampersand
				`${root}<extra/>`, // a second root
				`text${root}`, // text before the root
			];
			for (const corrupted of corruptions) {
				const document = prolog + corrupted + epilogue;
				assert.throws(() => parseXml(document), XmlSyntaxError, `seed ${seed}: ${document}`);
			}
		}
	});
});

// A minimal XML reader for Specter's answers: elements, attributes, text, CDATA, comments, processing
// instructions, the five predefined entities and numeric character references. No DTDs (a DOCTYPE is refused,
// so no entity expansion), no namespaces (a prefix stays part of the name). Written here because the nodes may
// not have runtime dependencies.

export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** the element's own character data (text and CDATA, entities decoded), concatenated in document order */
	text: string;
}

export class XmlSyntaxError extends Error {
	/** character offset in the (line-ending normalised) document */
	readonly offset: number;

	constructor(message: string, offset: number) {
		super(`${message} (at character ${offset})`);
		this.name = 'XmlSyntaxError';
		this.offset = offset;
	}
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const WHITESPACE = /[ \t\n]/;

function isAllowedCodePoint(codePoint: number): boolean {
	return (
		codePoint === 0x9 ||
		codePoint === 0xa ||
		codePoint === 0xd ||
		(codePoint >= 0x20 && codePoint <= 0xd7ff) ||
		(codePoint >= 0xe000 && codePoint <= 0xfffd) ||
		(codePoint >= 0x10000 && codePoint <= 0x10ffff)
	);
}

class XmlReader {
	private position = 0;

	constructor(private readonly source: string) {}

	parseDocument(): XmlElement {
		if (this.source.charCodeAt(0) === 0xfeff) this.position = 1;
		this.skipMisc();
		if (this.peekString('<!DOCTYPE') || this.peekString('<!doctype')) {
			this.fail('DOCTYPE declarations are not supported');
		}
		if (!this.peekString('<')) this.fail(this.atEnd() ? 'the document has no root element' : 'text before the root element');
		const root = this.readElement();
		this.skipMisc();
		if (!this.atEnd()) this.fail('content after the root element');
		return root;
	}

	private readElement(): XmlElement {
		// iterative, so deeply nested input cannot overflow the call stack
		const stack: XmlElement[] = [];
		let root: XmlElement | undefined;
		do {
			if (this.peekString('</')) {
				const start = this.position;
				this.position += 2;
				const name = this.readName();
				this.skipWhitespace();
				this.expect('>');
				const open = stack.pop();
				if (open === undefined) {
					this.position = start;
					this.fail(`closing tag </${name}> without an opening tag`);
				}
				if (name !== open.name) {
					this.position = start;
					this.fail(`closing tag </${name}> does not match <${open.name}>`);
				}
			} else if (this.peekString('<!--')) {
				this.skipComment();
			} else if (this.peekString('<![CDATA[')) {
				if (stack.length === 0) this.fail('CDATA outside an element');
				this.position += 9;
				const end = this.source.indexOf(']]>', this.position);
				if (end < 0) this.fail('unclosed CDATA section');
				stack[stack.length - 1].text += this.source.slice(this.position, end);
				this.position = end + 3;
			} else if (this.peekString('<?')) {
				this.skipProcessingInstruction();
			} else if (this.peekString('<!')) {
				this.fail('unsupported markup declaration');
			} else if (this.peekString('<')) {
				const element = this.readStartTag();
				if (stack.length > 0) stack[stack.length - 1].children.push(element);
				else root = element;
				if (this.peekString('/>')) this.position += 2;
				else {
					this.expect('>');
					stack.push(element);
				}
			} else if (this.atEnd()) {
				this.fail(`unclosed element <${stack[stack.length - 1].name}>`);
			} else {
				stack[stack.length - 1].text += this.readText();
			}
		} while (stack.length > 0);
		return root as XmlElement;
	}

	private readStartTag(): XmlElement {
		this.position += 1;
		const element: XmlElement = { name: this.readName(), attributes: {}, children: [], text: '' };
		for (;;) {
			const hadWhitespace = this.skipWhitespace();
			if (this.peekString('>') || this.peekString('/>')) return element;
			if (!hadWhitespace) this.fail(`expected whitespace, '>' or '/>' in <${element.name}>`);
			const attributeName = this.readName();
			if (Object.prototype.hasOwnProperty.call(element.attributes, attributeName)) {
				this.fail(`duplicate attribute ${attributeName} on <${element.name}>`);
			}
			this.skipWhitespace();
			this.expect('=');
			this.skipWhitespace();
			element.attributes[attributeName] = this.readAttributeValue();
		}
	}

	private readAttributeValue(): string {
		const quote = this.source.charAt(this.position);
		if (quote !== '"' && quote !== "'") this.fail('attribute values must be quoted');
		const end = this.source.indexOf(quote, this.position + 1);
		if (end < 0) this.fail('unclosed attribute value');
		const raw = this.source.slice(this.position + 1, end);
		if (raw.indexOf('<') >= 0) this.fail("'<' inside an attribute value");
		const valueStart = this.position + 1;
		this.position = end + 1;
		// attribute-value normalisation: literal whitespace becomes a space; character references are kept
		return this.decodeEntities(raw.replace(/[\t\n]/g, ' '), valueStart);
	}

	private readText(): string {
		const end = this.source.indexOf('<', this.position);
		const stop = end < 0 ? this.source.length : end;
		const raw = this.source.slice(this.position, stop);
		const text = this.decodeEntities(raw, this.position);
		this.position = stop;
		return text;
	}

	private decodeEntities(raw: string, offset: number): string {
		if (raw.indexOf('&') < 0) return raw;
		return raw.replace(/&([^;&\s<]*)(;?)/g, (match: string, reference: string, semicolon: string, at: number) => {
			if (!semicolon) this.fail(`'&' must start an entity such as &amp;`, offset + at);
			if (reference.charAt(0) === '#') {
				const isHex = reference.charAt(1) === 'x';
				const digits = reference.slice(isHex ? 2 : 1);
				const valid = isHex ? /^[0-9A-Fa-f]+$/.test(digits) : /^[0-9]+$/.test(digits);
				const codePoint = valid ? parseInt(digits, isHex ? 16 : 10) : NaN;
				if (!isAllowedCodePoint(codePoint)) this.fail(`invalid character reference ${match}`, offset + at);
				return String.fromCodePoint(codePoint);
			}
			const value = PREDEFINED_ENTITIES[reference];
			if (value === undefined) this.fail(`unknown entity ${match}`, offset + at);
			return value;
		});
	}

	private readName(): string {
		const start = this.position;
		if (!NAME_START.test(this.source.charAt(this.position))) this.fail('expected a name');
		this.position += 1;
		while (this.position < this.source.length && NAME_CHAR.test(this.source.charAt(this.position))) this.position += 1;
		return this.source.slice(start, this.position);
	}

	/** whitespace, comments and processing instructions (incl. the XML declaration) around the root */
	private skipMisc(): void {
		for (;;) {
			this.skipWhitespace();
			if (this.peekString('<!--')) this.skipComment();
			else if (this.peekString('<?')) this.skipProcessingInstruction();
			else return;
		}
	}

	private skipComment(): void {
		const end = this.source.indexOf('-->', this.position + 4);
		if (end < 0) this.fail('unclosed comment');
		this.position = end + 3;
	}

	private skipProcessingInstruction(): void {
		const end = this.source.indexOf('?>', this.position + 2);
		if (end < 0) this.fail('unclosed processing instruction');
		this.position = end + 2;
	}

	private skipWhitespace(): boolean {
		const start = this.position;
		while (WHITESPACE.test(this.source.charAt(this.position))) this.position += 1;
		return this.position > start;
	}

	private expect(text: string): void {
		if (!this.peekString(text)) this.fail(this.atEnd() ? 'unexpected end of document' : `expected '${text}'`);
		this.position += text.length;
	}

	private peekString(text: string): boolean {
		return this.source.startsWith(text, this.position);
	}

	private atEnd(): boolean {
		return this.position >= this.source.length;
	}

	private fail(message: string, offset = this.position): never {
		throw new XmlSyntaxError(message, offset);
	}
}

/** Parses a whole document into its root element. Throws XmlSyntaxError on anything malformed. */
export function parseXml(source: string): XmlElement {
	// XML line-ending normalisation (§2.11): CRLF and lone CR become LF before parsing
	return new XmlReader(source.replace(/\r\n?/g, '\n')).parseDocument();
}

function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

/** All descendants (not the element itself) with the given name, case-insensitive, in document order. */
export function findDescendants(element: XmlElement, name: string): XmlElement[] {
	const found: XmlElement[] = [];
	const pending = element.children.slice().reverse();
	while (pending.length > 0) {
		const next = pending.pop() as XmlElement;
		if (sameName(next.name, name)) found.push(next);
		for (let i = next.children.length - 1; i >= 0; i--) pending.push(next.children[i]);
	}
	return found;
}

/** The element itself when it has the name, else its first descendant with it (case-insensitive). */
export function findElement(element: XmlElement, name: string): XmlElement | undefined {
	return sameName(element.name, name) ? element : findDescendants(element, name)[0];
}

/** Direct children with the given name, case-insensitive. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
	return element.children.filter((child) => sameName(child.name, name));
}

/** An attribute by name, case-insensitive. */
export function getAttribute(element: XmlElement, name: string): string | undefined {
	const key = Object.keys(element.attributes).find((attribute) => sameName(attribute, name));
	return key === undefined ? undefined : element.attributes[key];
}

/**
 * A value Specter may send either as an attribute or as a child element's text (its XML shapes are only known
 * from client code, so both are accepted). Attributes win.
 */
export function getValue(element: XmlElement, name: string): string | undefined {
	const attribute = getAttribute(element, name);
	if (attribute !== undefined) return attribute;
	const child = childElements(element, name)[0];
	return child === undefined ? undefined : child.text;
}

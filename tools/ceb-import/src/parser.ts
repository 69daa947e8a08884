import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { BY_MESSAGE, CEB_NAMESPACE, type DocumentKind, type MessageSpec, type RawDocument } from './messages';

/*
 * Streaming reader of CEB XML files. The file is read in chunks (64 KiB by default) and fed to saxes; each
 * document (Order, Payment, Logistics, Inventory) is handed out as soon as its closing tag is read, so a
 * file of any size is read in constant memory: one chunk and the documents it completed. A file may hold
 * one CEB message with several documents (a CEB311Message with 100 Orders) or a wrapper element holding
 * several messages.
 */

/** One document read from a file, before conversion to the GraphQL input. */
export interface DocumentRead {
  type: 'document';
  spec: MessageSpec;
  /** 1-based position among the documents of the file (every kind counted). */
  index: number;
  /** Line of the document's opening tag. */
  line: number;
  /** 1-based position of its message in the file. */
  messageOrdinal: number;
  messageGuid: string | undefined;
  raw: RawDocument;
}

/** One message read to its end: its type, its sender (BaseTransfer) and what is wrong with it as a whole. */
export interface MessageRead {
  type: 'message';
  ordinal: number;
  /** Root element name, e.g. CEB311Message. */
  name: string;
  spec: MessageSpec | undefined;
  guid: string | undefined;
  line: number;
  documents: number;
  baseTransfer: Record<string, string> | undefined;
  /** Reasons the whole message is refused; its documents are not submitted. */
  problems: string[];
}

export type ReadEvent = DocumentRead | MessageRead;

/** A file that is not well-formed XML (or not readable as text): refused whole, as customs' CEB900 would. */
export class XmlFileError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'XmlFileError';
  }
}

export interface ReadOptions {
  /** Build only these kinds' documents (the others are skipped but still counted in `index`). Default: all. */
  kinds?: ReadonlySet<DocumentKind>;
  /** Read-chunk size in bytes. */
  highWaterMark?: number;
  /** Called with the bytes read so far after each chunk. */
  onBytes?: (bytesRead: number) => void;
}

const MESSAGE_NAME = /^CEB\d{3}Message$/;
const SUPPORTED = [...BY_MESSAGE.keys()].join(', ');
const BASE_TRANSFER_REQUIRED = ['copCode', 'dxpMode', 'dxpId'];

type Role = 'outside' | 'message' | 'unsupported' | 'document' | 'skipped-document' | 'head' | 'line' | 'base' | 'field' | 'skip';

interface Frame {
  role: Role;
  local: string;
  /** For a field: the text read so far. */
  text?: string;
  /** For head, line and base frames: the fields read. */
  fields?: Map<string, string>;
}

interface MessageState {
  ordinal: number;
  name: string;
  spec: MessageSpec | undefined;
  guid: string | undefined;
  line: number;
  documents: number;
  baseTransfer: Map<string, string> | undefined;
  problems: string[];
}

interface DocumentState {
  index: number;
  line: number;
  raw: RawDocument;
}

/** The text encoding the XML declaration (or a byte-order mark) names; UTF-8 by default, as the CEB messages use. */
export function sniffEncoding(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 256).toString('latin1'));
  return declaration ? declaration[1].toLowerCase() : 'utf-8';
}

/** Reads one file's CEB messages and documents, in order, as they complete. */
export async function* readCebFile(file: string, options: ReadOptions = {}): AsyncGenerator<ReadEvent> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const queue: ReadEvent[] = [];
  const stack: Frame[] = [];
  let message: MessageState | undefined;
  let document: DocumentState | undefined;
  let messages = 0;
  let documents = 0;
  let root: string | undefined;
  const outsideProblems: string[] = [];

  const top = () => stack[stack.length - 1];

  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = top();
    const local = tag.local;
    const ceb = tag.uri === CEB_NAMESPACE;
    let role: Role = 'skip';
    let fields: Map<string, string> | undefined;
    if (!parent) root = tag.name;
    if (!parent || parent.role === 'outside') {
      if (MESSAGE_NAME.test(local) && ceb) {
        messages += 1;
        const spec = BY_MESSAGE.get(local);
        const guid = tag.attributes.guid?.value;
        message = { ordinal: messages, name: local, spec, guid, line: parser.line, documents: 0, baseTransfer: undefined, problems: [] };
        if (spec) role = 'message';
        else {
          role = 'unsupported';
          message.problems.push(`${local} is not imported by this tool (it reads ${SUPPORTED})`);
        }
      } else {
        if (MESSAGE_NAME.test(local)) {
          outsideProblems.push(`${tag.name} (line ${parser.line}) is not in the CEB namespace ${CEB_NAMESPACE}${tag.uri ? ` but in ${tag.uri}` : ''}; it was not read`);
        }
        role = 'outside';
      }
    } else if (parent.role === 'message' && message?.spec) {
      if (ceb && local === message.spec.document) {
        documents += 1;
        message.documents += 1;
        const wanted = !options.kinds || options.kinds.has(message.spec.kind);
        role = wanted ? 'document' : 'skipped-document';
        if (wanted) document = { index: documents, line: parser.line, raw: { head: undefined, lines: [], repeated: [] } };
      } else if (ceb && local === 'BaseTransfer') {
        role = 'base';
        fields = new Map();
        if (message.baseTransfer) message.problems.push('BaseTransfer appears more than once');
        message.baseTransfer = fields;
      }
    } else if (parent.role === 'unsupported' && ceb && local === 'BaseTransfer') {
      role = 'base';
      fields = new Map();
      if (message) message.baseTransfer = fields;
    } else if (parent.role === 'document' && document && message?.spec && ceb) {
      const spec = message.spec;
      if (local === spec.head) {
        role = 'head';
        fields = new Map();
        if (document.raw.head) document.raw.repeated.push(`${spec.document}/${spec.head}`);
        else document.raw.head = fields;
      } else if (spec.list && local === spec.list) {
        role = 'line';
        fields = new Map();
        document.raw.lines.push(fields);
      }
    } else if ((parent.role === 'head' || parent.role === 'line' || parent.role === 'base') && ceb) {
      role = 'field';
    }
    stack.push({ role, local, fields, text: role === 'field' ? '' : undefined });
  });

  const onText = (text: string) => {
    const frame = top();
    if (frame?.role === 'field') frame.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const frame = stack.pop();
    if (!frame) return;
    const parent = top();
    switch (frame.role) {
      case 'field': {
        const holder = parent?.fields;
        if (!holder) break;
        if (holder.has(frame.local)) {
          if (document && message?.spec && parent.role !== 'base') {
            const where = parent.role === 'head' ? message.spec.head : `${message.spec.list}[${document.raw.lines.length}]`;
            document.raw.repeated.push(`${where}/${frame.local}`);
          } else if (message) message.problems.push(`BaseTransfer/${frame.local} appears more than once`);
        } else holder.set(frame.local, frame.text!.trim());
        break;
      }
      case 'document':
        if (document && message?.spec) {
          queue.push({
            type: 'document', spec: message.spec, index: document.index, line: document.line, messageOrdinal: message.ordinal,
            messageGuid: message.guid, raw: document.raw,
          });
        }
        document = undefined;
        break;
      case 'message':
      case 'unsupported':
        if (message) {
          if (message.spec && message.documents === 0) message.problems.push(`${message.name} holds no ${message.spec.document}`);
          if (!message.baseTransfer) {
            message.problems.push('BaseTransfer is missing: every CEB message names its sender (copCode, copName, dxpMode, dxpId)');
          } else {
            const missing = BASE_TRANSFER_REQUIRED.filter((name) => !message!.baseTransfer!.get(name));
            if (missing.length > 0) message.problems.push(`BaseTransfer lacks ${missing.join(', ')}`);
          }
          queue.push({
            type: 'message', ordinal: message.ordinal, name: message.name, spec: message.spec, guid: message.guid, line: message.line,
            documents: message.documents, baseTransfer: message.baseTransfer ? Object.fromEntries(message.baseTransfer) : undefined,
            problems: message.problems,
          });
        }
        message = undefined;
        break;
      default:
        break;
    }
  });

  const stream = createReadStream(file, { highWaterMark: options.highWaterMark ?? 64 * 1024 });
  let decoder: TextDecoder | undefined;
  let bytes = 0;
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (error) {
      throw formatError(error, parser);
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) {
        const encoding = sniffEncoding(chunk);
        try {
          decoder = new TextDecoder(encoding, { fatal: true });
        } catch {
          throw new XmlFileError(`the XML declares the encoding '${encoding}', which this tool cannot read (use UTF-8, as the CEB messages do)`);
        }
      }
      bytes += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new XmlFileError(`the file is not valid ${decoder.encoding} text (near byte ${bytes - chunk.length})`);
      }
      feed(text);
      options.onBytes?.(bytes);
      while (queue.length > 0) yield queue.shift()!;
    }
    if (decoder) feed(decoder.decode());
    try {
      parser.close();
    } catch (error) {
      throw formatError(error, parser);
    }
  } finally {
    stream.destroy();
  }
  while (queue.length > 0) yield queue.shift()!;
  if (root === undefined) throw new XmlFileError('the file holds no XML element');
  if (messages === 0) {
    throw new XmlFileError(
      outsideProblems[0] ?? `no CEB message in the namespace ${CEB_NAMESPACE} (the root element is ${root}; expected ${SUPPORTED})`,
    );
  }
  for (const problem of outsideProblems) {
    yield { type: 'message', ordinal: 0, name: '?', spec: undefined, guid: undefined, line: 0, documents: 0, baseTransfer: undefined, problems: [problem] };
  }
}

function formatError(error: unknown, parser: SaxesParser<{ xmlns: true; position: true }>): XmlFileError {
  if (error instanceof XmlFileError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // saxes prefixes its messages with line:column.
  const reason = text.replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
  return new XmlFileError(`not well-formed XML at line ${parser.line}, column ${parser.column + 1}: ${reason}`, parser.line, parser.column + 1);
}

/**
 * The part of docx 9.7.0 secrel uses. The package's own declarations re-export their files
 * without extensions, which TypeScript's NodeNext resolution cannot follow (every export reads
 * as missing), so the classes used are declared here as the package documents them.
 */
// The classes are opaque values built from their options, as in the package.
/* eslint-disable @typescript-eslint/no-extraneous-class */
declare module 'docx' {
  export const HeadingLevel: {
    readonly TITLE: 'Title';
    readonly HEADING_1: 'Heading1';
    readonly HEADING_2: 'Heading2';
    readonly HEADING_3: 'Heading3';
  };
  export type HeadingLevelValue = (typeof HeadingLevel)[keyof typeof HeadingLevel];
  export const AlignmentType: { readonly LEFT: 'left'; readonly RIGHT: 'right' };
  export const WidthType: { readonly PERCENTAGE: 'pct'; readonly AUTO: 'auto' };
  /** A tab character inside a run. */
  export class Tab {}
  export interface RunOptions {
    text?: string;
    children?: Tab[];
    bold?: boolean;
    color?: string;
    strike?: boolean;
    underline?: { type?: 'single' | 'double'; color?: string };
    shading?: { type: 'clear'; fill: string; color?: string };
  }
  /** A tracked change's author, date (ISO 8601) and id, unique in the document. */
  export interface ChangeOptions {
    id: number;
    author: string;
    date: string;
  }
  export class TextRun {
    constructor(options: RunOptions);
  }
  /** A tracked insertion (`w:ins`): Word shows it as inserted and can accept or reject it. */
  export class InsertedTextRun {
    constructor(options: RunOptions & ChangeOptions);
  }
  /** A tracked deletion (`w:del` with `w:delText`). */
  export class DeletedTextRun {
    constructor(options: RunOptions & ChangeOptions);
  }
  export type ParagraphChild = TextRun | InsertedTextRun | DeletedTextRun;
  export class Paragraph {
    constructor(options: {
      text?: string;
      heading?: HeadingLevelValue;
      alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
      /** In twentieths of a point. */
      indent?: { left?: number; hanging?: number };
      /** The paragraph mark tracked as inserted or deleted with the paragraph. */
      run?: { insertion?: ChangeOptions; deletion?: ChangeOptions };
      children?: ParagraphChild[];
    });
  }
  export class TableCell {
    constructor(options: { children: Paragraph[] });
  }
  export class TableRow {
    constructor(options: { children: TableCell[]; tableHeader?: boolean });
  }
  export class Table {
    constructor(options: {
      rows: TableRow[];
      width?: { size: number; type: (typeof WidthType)[keyof typeof WidthType] };
    });
  }
  export class Document {
    constructor(options: {
      title?: string;
      creator?: string;
      styles?: { default?: { document?: { run?: { font?: string; size?: number } } } };
      /** Word records further edits as tracked changes. */
      features?: { trackRevisions?: boolean };
      sections: { children: (Paragraph | Table)[] }[];
    });
  }
  export const Packer: { toBuffer(document: Document): Promise<Buffer> };
}

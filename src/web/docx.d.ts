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
  };
  export type HeadingLevelValue = (typeof HeadingLevel)[keyof typeof HeadingLevel];
  export class TextRun {
    constructor(options: { text: string; bold?: boolean });
  }
  export class Paragraph {
    constructor(options: { text?: string; heading?: HeadingLevelValue; children?: TextRun[] });
  }
  export class Document {
    constructor(options: {
      title?: string;
      creator?: string;
      styles?: { default?: { document?: { run?: { font?: string; size?: number } } } };
      sections: { children: Paragraph[] }[];
    });
  }
  export const Packer: { toBuffer(document: Document): Promise<Buffer> };
}

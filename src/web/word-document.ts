import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { PrintDocument } from './print-document.ts';

/**
 * Issue 13: a document as Word (.docx, Office Open XML) with real headings, so the navigation
 * pane lists its sections and a screen reader can move between them.
 */
export async function wordDocument(document: PrintDocument): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: document.title, heading: HeadingLevel.TITLE }),
    ...document.lead.map((line) => new Paragraph({ children: [new TextRun({ text: line })] })),
  ];
  for (const section of document.sections) {
    children.push(
      new Paragraph({
        text: section.heading,
        heading: section.level === 2 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
      }),
    );
    const paragraphs = section.paragraphs.length > 0 ? section.paragraphs : ['None.'];
    for (const text of paragraphs) children.push(new Paragraph({ text }));
  }
  const word = new Document({
    title: document.title,
    creator: 'SEC Release Management',
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(word);
}

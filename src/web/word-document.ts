import {
  AlignmentType,
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import {
  isEmptySection,
  type PrintChange,
  type PrintDocument,
  type PrintTable,
} from './print-document.ts';

/** The redline colours of the page (src/web/styles/_documents.scss), for Word's own markup. */
const INSERT_COLOUR = '005A30';
const DELETE_COLOUR = '942514';

/**
 * A redline paragraph's runs as Word tracked changes: an insertion is a `w:ins` run and a
 * deletion a `w:del` run, so Word lists them under Review, shows them in its own markup and
 * can accept or reject each; they are also underlined or struck through in the page's colours,
 * so they stay distinguishable with the markup hidden or in another word processor.
 */
function changeRuns(
  runs: readonly PrintChange[],
  revision: { author: string; date: string },
  nextId: () => number,
): ParagraphChild[] {
  return runs.map((run) => {
    if (run.op === 'insert')
      return new InsertedTextRun({
        text: run.text,
        id: nextId(),
        ...revision,
        color: INSERT_COLOUR,
        underline: { type: 'single', color: INSERT_COLOUR },
      });
    if (run.op === 'delete')
      return new DeletedTextRun({
        text: run.text,
        id: nextId(),
        ...revision,
        color: DELETE_COLOUR,
        strike: true,
      });
    return new TextRun({ text: run.text });
  });
}

/** A table with its caption above it, the header row repeated on each page, figures right. */
function wordTable(table: PrintTable): (Paragraph | Table)[] {
  const row = (cells: readonly string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (text, column) =>
          new TableCell({
            children: [
              new Paragraph({
                alignment: table.numeric[column] ? AlignmentType.RIGHT : AlignmentType.LEFT,
                children: [new TextRun({ text, bold: header || column === 0 })],
              }),
            ],
          }),
      ),
    });
  return [
    new Paragraph({ children: [new TextRun({ text: table.caption, bold: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [row(table.head, true), ...table.rows.map((cells) => row(cells, false))],
    }),
  ];
}

/**
 * Issue 13: a document as Word (.docx, Office Open XML) with real headings, so the navigation
 * pane lists its sections and a screen reader can move between them; tables as Word tables; a
 * redline as tracked changes.
 */
export async function wordDocument(document: PrintDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: document.title, heading: HeadingLevel.TITLE }),
    ...document.lead.map((line) => new Paragraph({ children: [new TextRun({ text: line })] })),
  ];
  const revision = {
    author: document.revision?.author ?? 'SEC Release Management',
    date: `${document.revision?.on ?? '1970-01-01'}T00:00:00Z`,
  };
  let changeId = 0;
  const nextId = () => (changeId += 1);
  for (const section of document.sections) {
    children.push(
      new Paragraph({
        text: section.change ? `${section.heading} (${section.change})` : section.heading,
        heading: section.level === 2 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
      }),
    );
    if (isEmptySection(section)) children.push(new Paragraph({ text: 'None.' }));
    for (const text of section.paragraphs) children.push(new Paragraph({ text }));
    for (const runs of section.changes ?? [])
      children.push(new Paragraph({ children: changeRuns(runs, revision, nextId) }));
    for (const table of section.tables ?? []) children.push(...wordTable(table));
  }
  const word = new Document({
    title: document.title,
    creator: 'SEC Release Management',
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(word);
}

import { count, i18n, params } from '../i18n/catalogue';

export const radarWords = i18n('radar.healthRadar', {
  title: 'Health radar by side',
  product: 'Product',
  engineering: 'Engineering',
  dimensionSides: params('{dimension}: product {product}, engineering {engineering}'),
  noneYet: 'No dimension has three answers from both sides yet.',
  tableNote: 'The table beside the chart gives every figure.',
  tooFewEither: 'Too few answers on either side yet',
  figures: params('{title}: figures'),
  caption: params('{title}: averages from 1 to 5, shown from three answers per side'),
  dimension: 'Dimension',
  gap: 'Gap',
  answers: count({ one: '{count} answer', other: '{count} answers' }),
  average: params('{average} ({answers})'),
  tooFew: 'too few answers',
  note: "Product is PMs and designers; engineering is engineers, tech leads and QA; engineering managers count for neither. The gap is product's average minus engineering's. A side is shown on a dimension once three of its people have rated it.",
});

import { i18n } from '../i18n/catalogue';

export const perceptionGapWords = i18n('board.perceptionGaps', {
  opposite: 'One side says it went well, the other not',
  different: 'Both say it went badly, for different reasons',
  label: 'Perception gaps',
  title: 'Product and Engineering see this differently',
  product: 'Product',
  engineering: 'Engineering',
  discussThis: "Discuss this card's topic",
});

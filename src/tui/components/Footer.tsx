import { Text } from 'ink';
import { memo } from 'react';
import { footerKeys } from '../model/key-help.js';

export interface FooterProps {
  width: number;
  color: boolean;
}

/** The keys that matter most, as many as the width allows. */
export const Footer = memo(function Footer({ width, color }: FooterProps) {
  const { items, gap } = footerKeys(width);
  return (
    <Text wrap="truncate">
      {items.map(([key, meaning], i) => (
        <Text key={key}>
          <Text bold {...(color ? { color: 'cyan' } : {})}>
            {key}
          </Text>
          {` ${meaning}${i < items.length - 1 ? gap : ''}`}
        </Text>
      ))}
    </Text>
  );
});

/**
 * Model-written text posted to GitHub must not notify people: a zero-width space after `@`
 * keeps the text readable while GitHub no longer sees a mention.
 */
export function defuseMentions(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, '$1@\u200b');
}

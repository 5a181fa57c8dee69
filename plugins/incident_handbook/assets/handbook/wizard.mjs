// Decision wizards: filled in by the wizards issue.
export function enhance(_root) {}

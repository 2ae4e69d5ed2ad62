import path from 'node:path';
import { DEFAULT_TEMPLATE_DIR, loadTemplates, type Templates } from '../campaigns/templates.ts';
import { DEFAULT_REPLY_TEMPLATE_DIR, loadReplyTemplates, type ReplyTemplates } from '../inbox/replyTemplates.ts';

/**
 * Every text a customer or owner reads: the built-in templates, then the owner's folder
 * (TEMPLATES_DIR; its files replace the built-in ones of the same name, `replies/` for replies).
 * reload() reads and checks them all again; a broken file keeps the ones in use and names itself.
 */
export interface TemplateSet {
  campaigns: Templates;
  replies: ReplyTemplates;
  reload(): Promise<{ campaigns: number; replies: number }>;
}

export async function loadTemplateSet(ownerDir?: string): Promise<TemplateSet> {
  const dirs = ownerDir ? [DEFAULT_TEMPLATE_DIR, path.resolve(ownerDir)] : [DEFAULT_TEMPLATE_DIR];
  const replyDirs = ownerDir ? [DEFAULT_REPLY_TEMPLATE_DIR, path.resolve(ownerDir, 'replies')] : [DEFAULT_REPLY_TEMPLATE_DIR];
  const load = () => Promise.all([loadTemplates(dirs), loadReplyTemplates(replyDirs)]);
  let [campaigns, replies] = await load();
  return {
    campaigns: {
      render: (name, context) => campaigns.render(name, context),
      has: (name) => campaigns.has(name),
      names: () => campaigns.names(),
      source: (name) => campaigns.source(name),
    },
    replies: {
      render: (name, context) => replies.render(name, context),
      has: (name) => replies.has(name),
      names: () => replies.names(),
    },
    async reload() {
      [campaigns, replies] = await load();
      return { campaigns: campaigns.names().length, replies: replies.names().length };
    },
  };
}

/** What this browser lacks (slow compute, no camera), said up front in plain words. */
import type { SupportIssue } from '../../core/support';
import type { MessageKey } from '../i18n';
import { useApp } from '../store';
import { useT } from './useT';

const MESSAGE: Record<SupportIssue, MessageKey> = {
  slow_compute: 'support_slow_compute',
  camera_insecure: 'support_camera_insecure',
  camera_missing: 'support_camera_missing',
};

export function SupportNotice() {
  const t = useT();
  const issues = useApp((s) => s.supportIssues);
  if (issues.length === 0) return null;
  return (
    <div className="notice notice-warn" role="alert" data-testid="browser-support">
      {issues.map((issue) => (
        <p key={issue} data-issue={issue}>
          {t(MESSAGE[issue])}
        </p>
      ))}
    </div>
  );
}

// The workbench's modal dialog (vscode.window.show*Message with { modal: true }).
import type { Workbench } from './workbench';

/** Waits for a modal dialog, clicks BUTTON, waits for it to close, and returns its message and detail. */
export async function answerModal(wb: Workbench, button: string): Promise<{ message: string; detail: string }> {
  const dialog = wb.page.locator('.monaco-dialog-box');
  await wb.waitFor('a modal dialog', () => dialog.isVisible());
  // A dialog without a detail shows its message where the detail goes.
  const read = async (sel: string) =>
    (await dialog.locator(sel).count()) ? ((await dialog.locator(sel).first().textContent()) ?? '').trim() : '';
  const text = await read('.dialog-message-text');
  const message = text || (await read('.dialog-message-detail'));
  const detail = text ? await read('.dialog-message-detail') : '';
  const target = dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first();
  await wb.waitFor(`the "${button}" button of "${message}"`, async () => {
    if ((await target.count()) === 0)
      throw new Error(
        `buttons: ${(await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).join(' | ')}`,
      );
    await target.click({ timeout: 5_000 });
    return true;
  });
  // A second dialog may open at once in its place: "closed" means this message is gone.
  await wb.waitFor(
    'the dialog to close',
    async () =>
      !(await dialog.isVisible()) ||
      ((await read('.dialog-message-text')) || (await read('.dialog-message-detail'))) !== message,
  );
  return { message, detail };
}

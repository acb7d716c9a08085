/** Short confirmations ("Link copied") announced politely and gone after a few seconds. */

export interface Toast {
  id: number;
  message: string;
  kind: 'success' | 'info' | 'error';
}

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(message: string, kind: Toast['kind'] = 'success', ms = 3500): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-2), { id, message, kind }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();

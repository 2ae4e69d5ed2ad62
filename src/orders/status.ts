// Order statuses and the moves between them.
import type { OrderStatusName } from './quote.ts';

export const ORDER_STATUSES: OrderStatusName[] = ['draft', 'confirmed', 'preparing', 'on_the_way', 'delivered', 'cancelled'];

/** Statuses in which the order holds stock and counts as a purchase. */
export const OPEN_STATUSES: OrderStatusName[] = ['confirmed', 'preparing', 'on_the_way'];
export const PURCHASE_STATUSES: OrderStatusName[] = ['confirmed', 'preparing', 'on_the_way', 'delivered'];

const NEXT: Record<OrderStatusName, OrderStatusName[]> = {
  draft: ['confirmed', 'cancelled'],
  confirmed: ['preparing', 'on_the_way', 'delivered', 'cancelled'],
  preparing: ['on_the_way', 'delivered', 'cancelled'],
  on_the_way: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export function canMove(from: OrderStatusName, to: OrderStatusName): boolean {
  return NEXT[from].includes(to);
}

/** How a customer reads the status. */
export const STATUS_TR: Record<OrderStatusName, string> = {
  draft: 'onay bekliyor',
  confirmed: 'onaylandı',
  preparing: 'hazırlanıyor',
  on_the_way: 'yolda',
  delivered: 'teslim edildi',
  cancelled: 'iptal edildi',
};

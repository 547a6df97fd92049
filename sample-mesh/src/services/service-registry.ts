import type { ServiceFactory } from '../runtime/service-app.js';
import { createCatalogService } from './catalog.js';
import { createGatewayService } from './gateway.js';
import { createInventoryService } from './inventory.js';
import { createOrdersService } from './orders.js';
import { createPaymentsService } from './payments.js';
import { createShippingService } from './shipping.js';

/** Every service of the sample mesh by the name `main.js <service>` takes. */
export const SERVICES: Readonly<Record<string, ServiceFactory>> = {
  gateway: createGatewayService,
  catalog: createCatalogService,
  orders: createOrdersService,
  inventory: createInventoryService,
  payments: createPaymentsService,
  shipping: createShippingService,
};

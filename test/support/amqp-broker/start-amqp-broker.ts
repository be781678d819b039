/**
 * A small AMQP 1.0 broker on rhea that the unmodified `@azure/service-bus` SDK talks to through a
 * `UseDevelopmentEmulator=true` connection string (plain TCP, SASL ANONYMOUS, `$cbs` always accepts).
 * It is a test fixture, not Service Bus: no lock expiry, TTL, SQL filters, transactions or admin API.
 */
import type { AddressInfo, Socket } from 'node:net';
import rhea, {
  type Connection,
  type EventContext,
  type Message,
  type Receiver,
  type SenderOptions,
} from 'rhea';
import type { BusEntitiesInput } from '../../../src/local/in-process-bus/bus-entities.js';
import { addressOf, BrokerRejection, decodeMessage } from './amqp-message.js';
import type { PeekedMessage } from './broker-entity.js';
import { assertSendable, BrokerStore } from './broker-store.js';
import { DeliveryLinks } from './delivery-links.js';
import { answerManagementRequest, isManagementAddress } from './management.js';

/** The message format of a batch send: an outer message whose data sections are encoded messages. */
const BATCH_FORMAT = 0x80013700;

/** Options for {@link startAmqpBroker}. */
export interface AmqpBrokerOptions {
  readonly entities: BusEntitiesInput;
  /** `max_message_size` advertised on send links; the SDK sizes batches by it (Standard tier: 256 KB). */
  readonly maxMessageSizeBytes?: number;
}

export type { PeekedMessage } from './broker-entity.js';

/** A running broker. */
export interface AmqpBroker {
  /** `Endpoint=sb://127.0.0.1:<port>;…;UseDevelopmentEmulator=true`, for `new ServiceBusClient(…)`. */
  readonly connectionString: string;
  readonly port: number;
  /** Messages resident in an entity (`queue`, `topic/Subscriptions/sub`, `…/$DeadLetterQueue`), oldest first. */
  peek(entityPath: string): readonly PeekedMessage[];
  /** Closes every connection and the listener; stops scheduling timers. */
  close(): Promise<void>;
}

/** Starts a broker on 127.0.0.1 on a free port with the given entities. */
export async function startAmqpBroker(options: AmqpBrokerOptions): Promise<AmqpBroker> {
  const links: { current?: DeliveryLinks } = {};
  const store = new BrokerStore(options.entities, (entity) => links.current?.pump(entity));
  const deliveryLinks = new DeliveryLinks(store);
  links.current = deliveryLinks;

  const container = rhea.create_container({ id: 'xtsync-test-broker' });
  (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
  const connections = new Set<Connection>();
  container.on('connection_open', (context: EventContext) => connections.add(context.connection));
  const forget = (context: EventContext): void => {
    connections.delete(context.connection);
    deliveryLinks.closeConnection(context.connection);
  };
  container.on('connection_close', forget);
  container.on('disconnected', forget);
  // A peer that detaches with an error must not crash the test process.
  container.on('error', () => undefined);
  container.on('receiver_open', (context: EventContext) => {
    acceptSendLink(store, context.receiver);
  });
  container.on('message', (context: EventContext) => {
    onMessage(store, context);
  });
  container.on('sender_open', (context: EventContext) => {
    if (context.sender !== undefined && !isManagementAddress(addressOf(context.sender.source)))
      deliveryLinks.open(context.sender);
  });
  container.on('sendable', (context: EventContext) => {
    if (context.sender !== undefined) deliveryLinks.flow(context.sender, false);
  });
  container.on('sender_draining', (context: EventContext) => {
    if (context.sender !== undefined) deliveryLinks.flow(context.sender, true);
  });
  for (const outcome of ['accepted', 'rejected', 'modified', 'released']) {
    container.on(outcome, (context: EventContext) => {
      deliveryLinks.settle(context);
    });
  }
  container.on('sender_close', (context: EventContext) => {
    if (context.sender !== undefined) deliveryLinks.close(context.sender);
  });

  // rhea's typings lack treat_modified_as_released; without it rhea reports an abandon as "released".
  const senderOptions = { treat_modified_as_released: false, autosettle: false } as SenderOptions;
  const server = container.listen({
    host: '127.0.0.1',
    port: 0,
    sender_options: senderOptions,
    receiver_options: { autoaccept: false, max_message_size: options.maxMessageSizeBytes ?? 256 * 1024 },
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // Small request/response frames would otherwise wait out Nagle's delay (~40 ms each).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  return {
    connectionString: `Endpoint=sb://127.0.0.1:${String(port)};SharedAccessKeyName=fake;SharedAccessKey=fake;UseDevelopmentEmulator=true`,
    port,
    peek(entityPath) {
      const entity = store.receiveEntity(entityPath);
      if (entity === undefined) throw new Error(`The test broker has no entity "${entityPath}"`);
      return entity.peek();
    },
    async close() {
      store.close();
      for (const connection of connections) connection.close();
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      // Give peers a moment to answer the close; then cut whatever is left so the suite never hangs.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200))]);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function acceptSendLink(store: BrokerStore, receiver: Receiver | undefined): void {
  if (receiver === undefined) return;
  const address = addressOf(receiver.target);
  if (isManagementAddress(address) || store.sendTarget(address) !== undefined) return;
  receiver.close({
    condition: 'amqp:not-found',
    description: `The messaging entity '${address}' could not be found.`,
  });
}

function onMessage(store: BrokerStore, context: EventContext): void {
  const { receiver, delivery } = context;
  if (receiver === undefined || delivery === undefined) return;
  const address = addressOf(receiver.target);
  if (isManagementAddress(address)) {
    delivery.accept();
    if (context.message !== undefined) answerManagementRequest(store, receiver, context.message);
    return;
  }
  const target = store.sendTarget(address);
  if (target === undefined) return;
  try {
    const single = context.message;
    const messages =
      delivery.format === BATCH_FORMAT ? unbatch(single) : single === undefined ? [] : [single];
    assertSendable(target, messages);
    for (const message of messages) store.send(target, message);
    delivery.accept();
  } catch (error) {
    if (!(error instanceof BrokerRejection)) throw error;
    delivery.reject({ condition: error.condition, description: error.message });
  }
}

// rhea hands a non-zero message format over as raw bytes, whatever its typings say.
function unbatch(raw: unknown): Message[] {
  if (!Buffer.isBuffer(raw))
    throw new BrokerRejection('amqp:decode-error', 'a batch must arrive as raw bytes');
  const outer = decodeMessage(raw);
  const section: unknown = outer.body;
  const content: unknown = (section as { content?: unknown } | undefined)?.content;
  const parts: unknown[] = Array.isArray(content) ? (content as unknown[]) : [content];
  return parts.map((part) => {
    if (!Buffer.isBuffer(part))
      throw new BrokerRejection('amqp:decode-error', 'a batch section is not binary');
    return decodeMessage(part);
  });
}

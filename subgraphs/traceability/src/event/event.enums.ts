import { registerEnumType } from 'type-graphql';

export enum EventType {
  OBJECT = 'OBJECT', AGGREGATION = 'AGGREGATION', TRANSACTION = 'TRANSACTION', TRANSFORMATION = 'TRANSFORMATION', ASSOCIATION = 'ASSOCIATION',
}
registerEnumType(EventType, {
  name: 'EventType',
  description: 'The five EPCIS 2.0 event types.',
  valuesConfig: {
    OBJECT: { description: 'ObjectEvent: something happened to objects (commissioned, observed, shipped …).' },
    AGGREGATION: { description: 'AggregationEvent: children packed into (ADD) or taken out of (DELETE) a parent: item → case → parcel → container.' },
    TRANSACTION: { description: 'TransactionEvent: objects tied to (ADD) or released from (DELETE) business transactions.' },
    TRANSFORMATION: { description: 'TransformationEvent: inputs consumed, outputs made (a batch into items, ingredients into a product).' },
    ASSOCIATION: { description: 'AssociationEvent: children associated with a parent (a sensor with a pallet, a tag with an asset).' },
  },
});

export enum EventAction { ADD = 'ADD', OBSERVE = 'OBSERVE', DELETE = 'DELETE' }
registerEnumType(EventAction, { name: 'EventAction', description: 'EPCIS action; every event type but TRANSFORMATION has one.' });

export enum CaptureSource { API = 'API', EPCIS_IMPORT = 'EPCIS_IMPORT', CLEARANCE = 'CLEARANCE' }
registerEnumType(CaptureSource, {
  name: 'CaptureSource',
  description: 'How an event reached the Single Window.',
  valuesConfig: {
    API: { description: 'captureTraceEvents' },
    EPCIS_IMPORT: { description: 'importEpcisDocument (an EPCIS 2.0 JSON-LD document)' },
    CLEARANCE: { description: 'Recorded automatically from a clearance milestone (declared, inspected, detained, released).' },
  },
});

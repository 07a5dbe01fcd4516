import { fromMongoClient } from '@omni/database';
import { MongoInternals } from 'meteor/mongo';
import { WebApp } from 'meteor/webapp';

import { createHandler } from './handler';

// Meteor's server entry (package.json `meteor.mainModule.server`): the API runs on Meteor's own MongoDB connection.
const { mongo } = MongoInternals.defaultRemoteCollectionDriver();
WebApp.handlers.use(createHandler({ db: fromMongoClient(mongo.client, mongo.db) }));

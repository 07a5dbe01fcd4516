export { connectDatabase, fromMongoClient, type DatabaseOptions } from './connect';

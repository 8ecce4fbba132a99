// Runs Microsoft Entra's reference SCIM Postman collection, as published, with newman (pinned in
// package.json) against a running Portcullis: `node run-entra.js <collection> <report.json> <base URL>`
// with the organization's SCIM token in the environment variable PORTCULLIS_SCIM_TOKEN (not on the
// command line, where other processes could read it). Its "Get Token" folder is left out: it asks
// Microsoft's reference server for a token of its own making and would overwrite the real one.
// Writes newman's JSON report; it.scim.EntraPostmanIT reads it and decides what passed.
'use strict';

const fs = require('fs');
const newman = require('newman');

const [collectionPath, reportPath, baseUrl] = process.argv.slice(2);
const token = process.env.PORTCULLIS_SCIM_TOKEN;
if (!collectionPath || !reportPath || !baseUrl || !token) {
  console.error('usage: PORTCULLIS_SCIM_TOKEN=... node run-entra.js <collection> <report> <base URL>');
  process.exit(2);
}
const url = new URL(baseUrl);
const collection = JSON.parse(fs.readFileSync(collectionPath, 'utf8'));
collection.item = collection.item.filter((item) => item.name !== 'Get Token');

newman.run(
  {
    collection,
    envVar: [
      { key: 'Protocol', value: url.protocol.replace(/:$/, '') },
      { key: 'Server', value: url.hostname },
      { key: 'Port', value: url.port ? ':' + url.port : '' },
      { key: 'Api', value: 'scim/v2' },
      { key: 'token', value: token },
    ],
    reporters: ['cli', 'json'],
    reporter: { json: { export: reportPath } },
  },
  (err) => {
    if (err) {
      console.error(err);
      process.exit(2);
    }
  },
);

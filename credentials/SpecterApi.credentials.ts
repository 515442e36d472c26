import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { signHttpRequestOptions } from '../nodes/Specter/shared/sign-request';

export class SpecterApi implements ICredentialType {
	name = 'specterApi';

	displayName = 'Specter API';

	icon: Icon = { light: 'file:../icons/specter.svg', dark: 'file:../icons/specter.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-specter/n8n-nodes-specter#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.specter.se/',
			description: 'Where Specter\'s putInfo.asp and getInfo.asp live. Change it only for a test server.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: [
				{
					name: 'Version 2 (API User + Integration Key)',
					value: '2',
					description: 'Accounts set up after August 2020; required for several webshops on one account',
				},
				{
					name: 'Version 1 (MD5 Key 1 + MD5 Key 2)',
					value: '1',
					description: 'Older accounts',
				},
			],
			default: '2',
		},
		{
			displayName: 'SBM ID',
			name: 'sbmId',
			type: 'string',
			default: '',
			required: true,
			description: 'Your Specter account number (SBMID)',
		},
		{
			displayName: 'API User ID',
			name: 'apiUserId',
			type: 'string',
			default: '',
			description: 'Leave empty if Specter did not give you one',
			displayOptions: { show: { apiVersion: ['2'] } },
		},
		{
			displayName: 'API User Key',
			name: 'apiUserSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The key of the API user ("Nyckel")',
			displayOptions: { show: { apiVersion: ['2'] } },
		},
		{
			displayName: 'Integration Key',
			name: 'integrationSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The integration key ("Nyckel2")',
			displayOptions: { show: { apiVersion: ['2'] } },
		},
		{
			displayName: 'Separate Read User',
			name: 'useReadUser',
			type: 'boolean',
			default: false,
			description: 'Whether reads (change queues) use their own API user, as some Specter setups require',
			displayOptions: { show: { apiVersion: ['2'] } },
		},
		{
			displayName: 'Read API User ID',
			name: 'readApiUserId',
			type: 'string',
			default: '',
			displayOptions: { show: { apiVersion: ['2'], useReadUser: [true] } },
		},
		{
			displayName: 'Read API User Key',
			name: 'readApiUserSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { apiVersion: ['2'], useReadUser: [true] } },
		},
		{
			displayName: 'MD5 Key 1',
			name: 'md5SecretKey1',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { apiVersion: ['1'] } },
		},
		{
			displayName: 'MD5 Key 2',
			name: 'md5SecretKey2',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { apiVersion: ['1'] } },
		},
	];

	// Specter signs every request with an MD5 key over a per-action subject, so signing needs the request itself.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => signHttpRequestOptions(credentials, requestOptions);

	// No declarative `test`: the nodes test this credential (`testedBy`, nodes/Specter/shared/credential-test.ts),
	// checking the API user and the separate read user and telling "keys refused" from "keys right, a batch is open".

}

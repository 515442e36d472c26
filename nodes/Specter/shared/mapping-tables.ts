// The Mapping Tables parameter: the tables of the *Specter mappings* workflow, given by expression, overriding the
// node's own mapping settings for each table they contain.
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { MappingTableError, parseMappingTables, type MappingTables } from '../mappers';

/** `tables` names the tables this operation reads, for the description. */
export function mappingTablesField(displayOptions: IDisplayOptions, tables: string): INodeProperties {
	return {
		displayName: 'Mapping Tables',
		name: 'mappingTables',
		type: 'json',
		default: '',
		placeholder: "={{ $('Specter mappings').first().json }}",
		description: `The tables of the Specter mappings workflow, read through the Execute Workflow node of that name (the expression in the placeholder). This operation reads ${tables}; each one given replaces the matching setting of this node. Empty: this node's own settings apply.`,
		displayOptions,
	};
}

/** The tables given in Mapping Tables (none when empty); a bad table or row fails with the table and row named. */
export function mappingTablesOf(context: IExecuteFunctions, itemIndex: number): MappingTables {
	const value = context.getNodeParameter('mappingTables', itemIndex, '');
	try {
		return parseMappingTables(value);
	} catch (error) {
		// parseMappingTables throws MappingTableError only
		throw new NodeOperationError(context.getNode(), (error as MappingTableError).message, {
			description: 'Correct the row in the Specter mappings workflow (or in the Mapping Tables of this node) and save it.',
			itemIndex,
		});
	}
}

import { Arg, Ctx, Directive, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LogisticsContext } from '../context';
import { Enterprise, enterpriseRef } from '../enterprise/enterprise.type';
import type { WarehouseEntity } from './warehouse.entity';
import { WarehouseFilter, WarehouseInput, WarehouseStatusInput } from './warehouse.inputs';
import { Warehouse, WarehouseConnection, WarehouseStatusChange } from './warehouse.type';

@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Mutation(() => Warehouse, {
    description: 'Registers a warehouse (status ACTIVE): its operator for its own USCC, or a regulator. The operator must be filed with the role '
      + 'WAREHOUSE or LOGISTICS. The same warehouse sent again returns it; published as logistics.warehouse.registered.',
  })
  @Directive('@authenticated')
  registerWarehouse(@Arg('input', () => WarehouseInput) input: WarehouseInput, @Ctx() context: LogisticsContext) {
    return context.services.warehouses.register(input, context);
  }

  @Mutation(() => Warehouse, {
    description: 'Changes a warehouse\'s status: a regulator suspends, lifts a suspension or closes; the operator closes its own. CLOSED is final. '
      + 'The current status again changes nothing. Published as logistics.warehouse.status-changed.',
  })
  @Directive('@authenticated')
  changeWarehouseStatus(@Arg('input', () => WarehouseStatusInput) input: WarehouseStatusInput, @Ctx() context: LogisticsContext) {
    return context.services.warehouses.changeStatus(input, context);
  }

  @Query(() => WarehouseConnection, { description: 'The warehouse register, newest registration first (published: every authenticated caller reads it).' })
  @Directive('@authenticated')
  warehouses(
    @Ctx() context: LogisticsContext,
    @Arg('filter', () => WarehouseFilter, { nullable: true }) filter?: WarehouseFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return context.services.warehouses.list(filter, first, after, context);
  }

  @Query(() => Warehouse, { nullable: true, description: 'A warehouse of the register; null when there is none with that id.' })
  @Directive('@authenticated')
  warehouse(@Arg('id', () => ID) id: string, @Ctx() context: LogisticsContext) {
    return context.services.warehouses.get(id, context);
  }

  @FieldResolver(() => Float)
  areaM2(@Root() warehouse: WarehouseEntity) {
    return Number(warehouse.areaM2);
  }

  @FieldResolver(() => Enterprise)
  operator(@Root() warehouse: WarehouseEntity) {
    return enterpriseRef(warehouse.operatorUscc);
  }

  @FieldResolver(() => [WarehouseStatusChange])
  statusHistory(@Root() warehouse: WarehouseEntity, @Ctx() context: LogisticsContext) {
    return context.services.warehouses.statusHistory(warehouse, context);
  }
}

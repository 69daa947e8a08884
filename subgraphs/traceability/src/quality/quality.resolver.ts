import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AUTHENTICATED, TRACE_WRITE_DIRECTIVE } from '../common/access';
import type { TraceabilityContext } from '../context';
import { Enterprise, enterpriseRef } from '../enterprise/enterprise.type';
import { Product } from '../product/product.type';
import { Declaration } from '../trace/trace.type';
import type { QualityRiskEntity, RecallEntity } from './quality.entity';
import {
  AffectedCode, AffectedCodeConnection, AffectedGoods, QualityRisk, QualityRiskConnection, QualityRiskFilter, QualityRiskInput, Recall, RecallInput,
} from './quality.type';

@Resolver(() => QualityRisk)
export class QualityRiskResolver {
  @Query(() => QualityRisk, { nullable: true, description: 'A quality risk: regulators, its reporter and the enterprises whose goods it concerns.' })
  @Directive(AUTHENTICATED)
  qualityRisk(@Arg('id', () => ID) id: string, @Ctx() context: TraceabilityContext) {
    return context.services.quality.one(id, context);
  }

  @Query(() => QualityRiskConnection, { description: 'Quality risks, newest first: regulators all; an enterprise those on its goods or reported by it.' })
  @Directive(AUTHENTICATED)
  qualityRisks(
    @Ctx() context: TraceabilityContext,
    @Arg('filter', () => QualityRiskFilter, { nullable: true }) filter?: QualityRiskFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.quality.list(filter, first, after, context);
  }

  @Mutation(() => QualityRisk, {
    description: 'Reports a quality risk (trace:write) and computes what it affects through the trace graph; published as '
      + 'traceability.quality-risk.reported for credit. An enterprise reports on its own goods only.',
  })
  @Directive(AUTHENTICATED)
  @Directive(TRACE_WRITE_DIRECTIVE)
  reportQualityRisk(@Arg('input', () => QualityRiskInput) input: QualityRiskInput, @Ctx() context: TraceabilityContext) {
    return context.services.quality.report(input, context);
  }

  @Mutation(() => Recall, {
    description: 'Issues the recall of a quality risk (trace:write): a regulator orders it, or the one enterprise answering for the goods recalls them. '
      + 'Finds every affected code, parcel and declaration again; published as traceability.recall.issued.',
  })
  @Directive(AUTHENTICATED)
  @Directive(TRACE_WRITE_DIRECTIVE)
  issueRecall(@Arg('input', () => RecallInput) input: RecallInput, @Ctx() context: TraceabilityContext) {
    return context.services.quality.recall(input, context);
  }

  @FieldResolver(() => [Product], { description: 'The products named (an enterprise sees its own among them).' })
  products(@Root() risk: QualityRiskEntity, @Ctx() context: TraceabilityContext) {
    return context.services.quality.productsOf(risk, context);
  }

  @FieldResolver(() => [Enterprise], { description: 'The enterprises that answer for the goods: the owners of the products named.' })
  enterprises(@Root() risk: QualityRiskEntity): Enterprise[] {
    return risk.enterprises.map(enterpriseRef);
  }

  @FieldResolver(() => AffectedGoods, { description: 'What the risk reached through the trace graph when it was reported.' })
  affected(@Root() risk: QualityRiskEntity, @Ctx() context: TraceabilityContext) {
    return context.services.quality.affected(risk.id, context);
  }

  @FieldResolver(() => Recall, { nullable: true })
  recall(@Root() risk: QualityRiskEntity, @Ctx() context: TraceabilityContext) {
    return context.loaders.get(context.services.quality.recallByRisk).load(risk.id);
  }
}

@Resolver(() => Recall)
export class RecallResolver {
  @FieldResolver(() => QualityRisk)
  risk(@Root() recall: RecallEntity, @Ctx() context: TraceabilityContext) {
    return context.loaders.get(context.services.quality.riskById).load(recall.riskId);
  }

  @FieldResolver(() => AffectedGoods, { description: 'What the recall reached through the trace graph when it was issued.' })
  affected(@Root() recall: RecallEntity, @Ctx() context: TraceabilityContext) {
    return context.services.quality.affected(recall.id, context);
  }
}

@Resolver(() => AffectedGoods)
export class AffectedGoodsResolver {
  @FieldResolver(() => AffectedCodeConnection, { description: 'Every code reached, by code.' })
  codes(
    @Root() goods: AffectedGoods,
    @Ctx() context: TraceabilityContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return context.services.quality.affectedCodes(goods.subjectId, first, after);
  }

  @FieldResolver(() => [AffectedCode], { description: 'The parcels reached: codes an event named with a waybill, with that waybill no.' })
  async parcels(@Root() goods: AffectedGoods, @Ctx() context: TraceabilityContext) {
    return (await context.loaders.get(context.services.quality.parcels).load(goods.subjectId)) ?? [];
  }

  @FieldResolver(() => [Declaration], { description: 'The customs declarations the reached goods were named on.' })
  async declarations(@Root() goods: AffectedGoods, @Ctx() context: TraceabilityContext): Promise<Declaration[]> {
    return ((await context.loaders.get(context.services.quality.declarations).load(goods.subjectId)) ?? []).map((id) => ({ id }));
  }
}

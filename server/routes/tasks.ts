/** Tasks: list (mine, "my work today", per customer) and update (status, assignee, due date). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { httpError, orThrow } from '../http/error-map.ts';
import { requireStaff } from '../plugins/auth.ts';
import { listTasks, taskKinds, taskStatuses, updateTask } from '../collections/task-repository.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { can, Permission } from '../../shared/roles.ts';
import { IsoDate, Uuid } from '../../shared/schemas/common.ts';
import { utcDate } from '../../shared/time/dates.ts';

const Status = Type.Enum(taskStatuses);
const Task = Type.Object({
  id: Type.String(), kind: Type.Enum(taskKinds), title: Type.String(), customerId: Type.String(), customerRef: Type.String(), customerName: Type.String(),
  invoiceNumber: Type.Union([Type.String(), Type.Null()]), disputeId: Type.Union([Type.String(), Type.Null()]), assigneeId: Type.Union([Type.String(), Type.Null()]), assigneeName: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.String(), status: Status, details: Type.Record(Type.String(), Type.Unknown()), createdAt: Type.String(),
});

const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tasks',
    { schema: { tags: ['tasks'], querystring: Type.Object({ mine: Type.Optional(Type.Boolean()), status: Type.Optional(Status), customerId: Type.Optional(Uuid), dueBy: Type.Optional(IsoDate) }), response: { 200: Type.Array(Task) } } },
    async (request) => {
      const actor = requireStaff(request);
      const { mine, ...rest } = request.query;
      return listTasks(app.db, { ...rest, ...(mine ? { assigneeId: actor.userId } : {}), ...(can(actor.role, Permission.readAllCustomers) ? {} : { ownerId: actor.userId }) });
    },
  );

  /** "My work today": my open tasks due today or earlier. */
  app.get('/tasks/today', { schema: { tags: ['tasks'], response: { 200: Type.Array(Task) } } }, async (request) => {
    const actor = requireStaff(request);
    return listTasks(app.db, { assigneeId: actor.userId, status: 'open', dueBy: utcDate(app.config.now()) });
  });

  app.patch(
    '/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ status: Type.Optional(Status), assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])), dueDate: Type.Optional(IsoDate) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Task },
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      const [task] = await listTasks(app.db, { id: request.params.id, ...(can(actor.role, Permission.readAllCustomers) ? {} : { ownerId: actor.userId }) });
      if (!task) throw httpError(ErrorCode.notFound, `No task ${request.params.id}.`, 'id');
      orThrow(await updateTask(app.db, task.id, request.body));
      return (await listTasks(app.db, { id: task.id }))[0]!;
    },
  );
};

export default tasksRoutes;
